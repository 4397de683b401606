package org.devzone.bulletin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Notices;
import org.devzone.bulletin.testing.Postgres;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.junit.jupiter.api.Test;

/**
 * The database goes away while the dispatcher runs (its login is refused and its connections are cut): staff get a
 * clear 503 and nothing is half-stored; a notice arriving over JMS meanwhile waits on the broker and is stored once the
 * database is back.
 */
class DatabaseOutageTest {

    @Test
    void whileTheDatabaseIsDownRestAnswers503AndJmsNoticesWaitUntilItIsBack() throws Exception {
        try (Postgres postgres = Postgres.freshSchema()) {
            String role = postgres.schema() + "_user";
            admin("CREATE ROLE " + role + " LOGIN", "GRANT CREATE ON DATABASE test TO " + role);
            try (RunningDispatcher dispatcher = RunningDispatcher.start(Map.of(
                    "dispatcher.db.url",
                    Postgres.URL,
                    "dispatcher.db.user",
                    role,
                    "dispatcher.db.schema",
                    postgres.schema(),
                    "dispatcher.broker.redelivery.max",
                    "20",
                    "dispatcher.broker.redelivery.max-delay-ms",
                    "1000"))) {
                Http http = dispatcher.http();
                assertThat(http.postJson("/api/notices", Notices.valid("停库之前")).status())
                        .isEqualTo(202);
                Http browser = http.signedIn("dev-admin-token"); // before the outage

                admin(
                        "ALTER ROLE " + role + " NOLOGIN",
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'");
                dispatcher.sendText("bulletin.notices", Notices.valid("停库期间经 JMS 送达"));
                Http.Reply refused = http.postJson("/api/notices", Notices.valid("停库期间经 REST 提交"));

                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(refused.header("Retry-After")).isEqualTo("5");
                assertThat(refused.json().get("detail").asText())
                        .contains("数据库暂时无法访问")
                        .contains("稍后重试");
                assertThat(refused.body()).doesNotContain("Exception").doesNotContain("at org.");
                // Health says so, and takes the dispatcher out of readiness while it lasts.
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> status(dispatcher, "database").equals("DOWN"));
                assertThat(dispatcher
                                .management()
                                .get("/observe/health/ready")
                                .json()
                                .get("status")
                                .asText())
                        .isEqualTo("DOWN");
                // The status page still opens, with the outage in its banner and the parts it cannot read left empty.
                Http.Reply page = browser.get("/");
                assertThat(page.status()).isEqualTo(200);
                assertThat(page.body()).contains("<strong>数据库</strong>").contains("部分数据暂时无法读取");

                admin("ALTER ROLE " + role + " LOGIN");
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> status(dispatcher, "database").equals("UP"));

                // While the pool replaces its cut connections a read may still be refused, but only ever with 503.
                Set<Integer> statuses = new TreeSet<>();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    Http.Reply listing = http.get("/api/notices?size=200");
                    statuses.add(listing.status());
                    return listing.status() == 200
                            && listing.json()
                                    .get("items")
                                    .findValuesAsText("title")
                                    .contains("停库期间经 JMS 送达");
                });
                assertThat(statuses).isSubsetOf(200, 503);
                assertThat(http.postJson("/api/notices", Notices.valid("恢复之后")).status())
                        .isEqualTo(202);
                assertThat(titles(http)).containsExactlyInAnyOrder("停库之前", "停库期间经 JMS 送达", "恢复之后");
            } finally {
                admin(
                        "DROP SCHEMA IF EXISTS " + postgres.schema() + " CASCADE",
                        "REVOKE CREATE ON DATABASE test FROM " + role,
                        "DROP ROLE IF EXISTS " + role);
            }
        }
    }

    private static String status(RunningDispatcher dispatcher, String check) {
        return dispatcher.healthCheck(check).get("status").asText();
    }

    private static List<String> titles(Http http) {
        return http.get("/api/notices?size=200").json().get("items").findValuesAsText("title");
    }

    private static void admin(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(Postgres.URL, Postgres.USER, null);
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
