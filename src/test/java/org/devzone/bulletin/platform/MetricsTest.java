package org.devzone.bulletin.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Notices;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.junit.jupiter.api.Test;

/** /observe/metrics counts what the dispatcher did. */
class MetricsTest {

    @Test
    void metricsCountNoticesBulletinsAndDeliveriesByChannelAndStatus() {
        TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 20, 14, 0));
        try (RunningDispatcher dispatcher = RunningDispatcher.start(RunningDispatcher.byHand(Map.of()), clock)) {
            Http http = dispatcher.http();
            assertThat(http.postJson("/api/notices", """
                    {"category": "reminder", "title": "计量测试", "author": "开发区处", "audience": {"zones": ["dongzhou-port"]}}
                    """).status()).isEqualTo(202);
            dispatcher.sendText("bulletin.notices", Notices.valid("从队列来的通知"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> http.get("/api/notices").json().get("items").size() == 2);
            assertThat(http.post("/api/slots/friday-reminders/fire", "application/json", "")
                            .status())
                    .isEqualTo(201);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> metrics(dispatcher)
                            .contains("bulletin_deliveries_total{channel=\"email\",status=\"sent\"}"));

            String metrics = metrics(dispatcher);
            assertThat(metrics)
                    .contains("bulletin_notices_queued_total{source=\"rest\"} 1.0")
                    .contains("bulletin_notices_queued_total{source=\"jms\"} 1.0")
                    .contains("bulletin_bulletins_fired_total{kind=\"scheduled\",slot=\"friday-reminders\"} 1.0")
                    .contains("bulletin_delivery_send_seconds_count{channel=\"email\"}")
                    .contains("bulletin_queue_depth{queue=\"bulletin.deliveries\"}")
                    .contains("bulletin_queue_depth{queue=\"bulletin.deliveries.chat\"}")
                    .contains("camel_exchanges_total");
        }
    }

    private static String metrics(RunningDispatcher dispatcher) {
        Http.Reply reply = dispatcher.management().get("/observe/metrics");
        assertThat(reply.status()).isEqualTo(200);
        return reply.body();
    }
}
