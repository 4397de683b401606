package org.devzone.bulletin.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.devzone.bulletin.testing.CuttableProxy;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Notices;
import org.devzone.bulletin.testing.Postgres;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.junit.jupiter.api.Test;

/** The parts the dispatcher depends on go away for a while and come back: nothing is lost, nothing given up. */
class OutageTest {

    /** Contacts in the demo directory. */
    private static final int ALL_CONTACTS = 23;

    @Test
    void theMailServerRefusingConnectionsForThirtySecondsDelaysEverythingAndLosesNothing() throws Exception {
        int smtpPort = RunningDispatcher.freePort();
        TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 20, 14, 0));
        // The shipped retry policy (5 s, doubling, 8 attempts), not the tests' quick one: it must outlast the outage.
        try (RunningDispatcher dispatcher = RunningDispatcher.start(
                RunningDispatcher.byHand(Map.of(
                        "dispatcher.mail.port",
                        String.valueOf(smtpPort),
                        "dispatcher.delivery.retry-delay-ms",
                        "5000",
                        "dispatcher.delivery.max-retry-delay-ms",
                        "600000")),
                clock)) {
            Http http = dispatcher.http();
            assertThat(http.postJson("/api/notices", Notices.valid("邮件服务器停机期间的通知"))
                            .status())
                    .isEqualTo(202);
            clock.set(LocalDateTime.of(2026, 11, 24, 10, 0));
            String bulletin = http.post("/api/slots/midweek-news/fire", "application/json", "")
                    .json()
                    .get("id")
                    .asText();
            long refusedFrom = System.nanoTime();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> emailCounts(http, bulletin).getOrDefault("retrying", 0L) > 0);

            // Thirty seconds after the first refusal the server is back, on the same port.
            await().pollDelay(Duration.ofSeconds(30))
                    .atMost(Duration.ofSeconds(31))
                    .until(() -> true);
            GreenMail mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
            try {
                Map<String, Long> during = emailCounts(http, bulletin);
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> emailCounts(http, bulletin).getOrDefault("sent", 0L) == ALL_CONTACTS);
                double after = (System.nanoTime() - refusedFrom) / 1e9;
                Set<String> ids = new HashSet<>();
                for (var m : mail.getReceivedMessages()) {
                    ids.add(m.getMessageID());
                }
                System.out.printf(
                        "SMTP refusing for 30 s: before it returned %s; all %d sent %.0f s after the first"
                                + " refusal; received %d, distinct %d, dead 0%n",
                        during, ALL_CONTACTS, after, mail.getReceivedMessages().length, ids.size());
                assertThat(emailCounts(http, bulletin)).containsExactly(Map.entry("sent", (long) ALL_CONTACTS));
                assertThat(ids).hasSize(ALL_CONTACTS);
            } finally {
                mail.stop();
            }
        }
    }

    @Test
    void postgresRestartedDuringIntakeAnswers503NeverA500AndLosesNoAcknowledgedNotice() throws Exception {
        try (Postgres postgres = Postgres.freshSchema();
                CuttableProxy database = new CuttableProxy(5432)) {
            String url = Postgres.URL.replace(":5432/", ":" + database.port() + "/");
            try (RunningDispatcher dispatcher = RunningDispatcher.start(Map.of(
                    "dispatcher.db.url",
                    url,
                    "dispatcher.db.user",
                    Postgres.USER,
                    "dispatcher.db.schema",
                    postgres.schema(),
                    "dispatcher.cadence.enabled",
                    "false",
                    "dispatcher.cadence.urgent-sweep-ms",
                    "3600000",
                    "dispatcher.cadence.urgent-at-once",
                    "false"))) {
                Http http = dispatcher.http();
                AtomicBoolean stop = new AtomicBoolean();
                List<String> acknowledged = new ArrayList<>();
                Map<Integer, Integer> statuses = new TreeMap<>();
                List<String> badAnswers = new ArrayList<>();
                Thread client = new Thread(
                        () -> {
                            for (int i = 1; !stop.get(); i++) {
                                String title = "数据库重启期间提交的第 " + i + " 条通知";
                                Http.Reply reply = http.postJson("/api/notices", Notices.valid(title));
                                synchronized (statuses) {
                                    statuses.merge(reply.status(), 1, Integer::sum);
                                    if (reply.status() == 202) {
                                        acknowledged.add(title);
                                    } else if (reply.status() != 503
                                            || !reply.contentType().startsWith("application/problem+json")
                                            || reply.body().contains("Exception")
                                            || !"5".equals(reply.header("Retry-After"))) {
                                        badAnswers.add(reply.status() + " " + reply.body());
                                    }
                                }
                            }
                        },
                        "intake-client");
                client.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> count(statuses, 202) >= 20);
                database.cut(); // as PostgreSQL going down for a restart: connections reset, new ones refused
                await().atMost(Duration.ofSeconds(30)).until(() -> count(statuses, 503) >= 5);
                database.restore();
                int before = count(statuses, 202);
                await().atMost(Duration.ofSeconds(60)).until(() -> count(statuses, 202) >= before + 20);
                stop.set(true);
                client.join();

                List<String> stored = new ArrayList<>();
                for (int page = 1; ; page++) {
                    JsonNode items = http.get("/api/notices?size=200&page=" + page)
                            .json()
                            .get("items");
                    items.forEach(n -> stored.add(n.get("title").asText()));
                    if (items.size() < 200) {
                        break;
                    }
                }
                System.out.printf(
                        "PostgreSQL restarted during intake: answers %s, acknowledged %d, stored %d, lost %d%n",
                        statuses,
                        acknowledged.size(),
                        stored.size(),
                        acknowledged.stream().filter(t -> !stored.contains(t)).count());
                assertThat(badAnswers).isEmpty();
                assertThat(statuses.keySet()).containsOnly(202, 503);
                assertThat(stored).containsAll(acknowledged);
            }
        }
    }

    private static int count(Map<Integer, Integer> statuses, int status) {
        synchronized (statuses) {
            return statuses.getOrDefault(status, 0);
        }
    }

    private static Map<String, Long> emailCounts(Http http, String bulletin) {
        Map<String, Long> counts = new TreeMap<>();
        JsonNode email =
                http.get("/api/bulletins/" + bulletin).json().get("deliveries").get("email");
        if (email != null) {
            email.properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
        }
        return counts;
    }
}
