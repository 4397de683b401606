package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Map;
import javax.sql.DataSource;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.junit.jupiter.api.Test;

/**
 * What a node leaves behind when it dies, picked up by the sweep of a node that lives: a delivery it claimed and never
 * finished (its JMS message went to another consumer, which found it claimed), and one it recorded but never queued.
 */
class DeliverySweepTest {

    private final TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 20, 14, 0));

    @Test
    void aClaimLeftByADeadNodeAndADeliveryNeverQueuedAreSentByTheSweepAfterTheirTimeouts() throws Exception {
        try (RunningDispatcher dispatcher = RunningDispatcher.start(Map.of("dispatcher.cadence.enabled", "false",
                "dispatcher.cadence.urgent-sweep-ms", "3600000", "dispatcher.cadence.urgent-at-once", "false", "dispatcher.delivery.sweep-ms", "3600000"), clock)) {
            Http http = dispatcher.http();
            assertThat(http.postJson("/api/notices", """
                    {"category": "reminder", "title": "请于周五前报送统计表", "body": "按时报送。",
                     "audience": {"zones": ["dongzhou-port", "xiling-agri"]}, "author": "开发区处"}
                    """).status()).isEqualTo(202);
            String bulletin = http.post("/api/slots/friday-reminders/fire", "application/json", "").json().get("id").asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> dispatcher.mail().getReceivedMessages().length == 2);

            // As a node that died would leave them: one delivery claimed and not sent, one recorded and never queued.
            OffsetDateTime then = OffsetDateTime.now(clock);
            String claimed = deliveryTo(http, bulletin, "wang.haiyan@dongzhou-port.example.org");
            String neverQueued = deliveryTo(http, bulletin, "ma.xiaodong@xiling-agri.example.org");
            DataSource db = dispatcher.bean("dataSource", DataSource.class);
            update(db, "UPDATE delivery SET status = 'sending', sent_at = NULL, updated_at = ? WHERE id = ?", then, claimed);
            update(db, "UPDATE delivery SET status = 'pending', sent_at = NULL, attempts = 0, updated_at = ? WHERE id = ?",
                    then, neverQueued);
            DeliveryWorker worker = dispatcher.bean("deliveryWorker", DeliveryWorker.class);

            // Within the claim timeout the claim is respected: its node may still be sending.
            clock.set(LocalDateTime.of(2026, 11, 20, 14, 4));
            worker.sweep();
            assertThat(status(http, claimed)).isEqualTo("sending");
            assertThat(status(http, neverQueued)).isEqualTo("pending");

            // Past the claim timeout (5 min) the claim is taken back and sent; the waiting one after 20 min.
            clock.set(LocalDateTime.of(2026, 11, 20, 14, 6));
            worker.sweep();
            await().atMost(Duration.ofSeconds(20)).until(() -> status(http, claimed).equals("sent"));
            assertThat(status(http, neverQueued)).isEqualTo("pending");
            clock.set(LocalDateTime.of(2026, 11, 20, 14, 21));
            worker.sweep();
            await().atMost(Duration.ofSeconds(20)).until(() -> status(http, neverQueued).equals("sent"));
            assertThat(dispatcher.mailTo("wang.haiyan@dongzhou-port.example.org")).hasSize(2);
            assertThat(dispatcher.mailTo("ma.xiaodong@xiling-agri.example.org")).hasSize(2);
            // The repeat carries the first one's Message-ID, so a mail client shows it once.
            assertThat(dispatcher.mailTo("wang.haiyan@dongzhou-port.example.org"))
                    .extracting(m -> m.getMessageID()).containsOnly("<" + claimed + "@bulletin-dispatcher>");

            // Nothing left: another sweep queues nothing again.
            clock.set(LocalDateTime.of(2026, 11, 20, 15, 0));
            worker.sweep();
            assertThat(dispatcher.mail().getReceivedMessages()).hasSize(4);
        }
    }

    private static String deliveryTo(Http http, String bulletin, String address) {
        for (var item : http.get("/api/deliveries?bulletin=" + bulletin).json().get("items")) {
            if (item.get("address").asText().equals(address)) {
                return item.get("id").asText();
            }
        }
        throw new AssertionError("no delivery to " + address);
    }

    private static String status(Http http, String delivery) {
        for (var item : http.get("/api/deliveries?size=200").json().get("items")) {
            if (item.get("id").asText().equals(delivery)) {
                return item.get("status").asText();
            }
        }
        throw new AssertionError("no delivery " + delivery);
    }

    private static void update(DataSource db, String sql, Object... args) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement update = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                update.setObject(i + 1, args[i]);
            }
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
