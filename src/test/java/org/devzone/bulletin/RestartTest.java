package org.devzone.bulletin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.apache.camel.Route;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Notices;
import org.devzone.bulletin.testing.Postgres;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.junit.jupiter.api.Test;

/** What a user notices across a restart: every notice still there, and messages left on the broker picked up. */
class RestartTest {

    @Test
    void noticesAndQueuedMessagesSurviveARestartOnTheEmbeddedDefaults() throws Exception {
        try (RunningDispatcher dispatcher = RunningDispatcher.start()) {
            Http http = dispatcher.http();
            String id = http.postJson("/api/notices", Notices.valid("重启前提交的案例"))
                    .json()
                    .get("id")
                    .asText();
            // Stop consuming, as during a shutdown, and leave a message on the broker.
            dispatcher.context().getRouteController().stopRoute("notice-intake-jms");
            dispatcher.sendText("bulletin.notices", Notices.valid("停机期间留在队列里的通知"));

            dispatcher.restart();

            assertThat(http.get("/api/notices/" + id).json().get("title").asText())
                    .isEqualTo("重启前提交的案例");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> http.get("/api/notices?size=200")
                            .json()
                            .get("items")
                            .findValuesAsText("title")
                            .contains("停机期间留在队列里的通知"));
            assertThat(http.get("/api/notices").json().get("total").asLong()).isEqualTo(2);
        }
    }

    @Test
    void onPostgresqlByConfigurationAloneNoticesSurviveARestart() {
        try (Postgres postgres = Postgres.freshSchema();
                RunningDispatcher dispatcher = RunningDispatcher.start(Map.of(
                        "dispatcher.db.url", Postgres.URL,
                        "dispatcher.db.user", Postgres.USER,
                        "dispatcher.db.schema", postgres.schema()))) {
            Http http = dispatcher.http();
            assertThat(http.postJson("/api/notices", Notices.withExternalId("存进 PostgreSQL 的文件", "pg-1"))
                            .status())
                    .isEqualTo(202);

            dispatcher.restart();

            assertThat(http.postJson("/api/notices", Notices.withExternalId("存进 PostgreSQL 的文件", "pg-1"))
                            .status())
                    .isEqualTo(200);
            assertThat(http.get("/api/notices").json().get("total").asLong()).isEqualTo(1);
            assertThat(dispatcher.dataDir().resolve("db")).doesNotExist();
        }
    }

    @Test
    void everyRouteHasAnExplicitId() {
        try (RunningDispatcher dispatcher = RunningDispatcher.start()) {
            assertThat(dispatcher.context().getRoutes())
                    .extracting(Route::getRouteId)
                    .contains("notice-intake-jms", "notice-create", "notice-list", "notice-get", "notice-withdraw")
                    .noneMatch(id -> id.matches("route\\d+"));
        }
    }
}
