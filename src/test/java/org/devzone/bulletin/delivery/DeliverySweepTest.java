package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Map;
import javax.sql.DataSource;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Postgres;
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
        try (RunningDispatcher dispatcher = RunningDispatcher.start(
                RunningDispatcher.byHand(
                        Map.of("dispatcher.delivery.sweep-ms", "3600000", "dispatcher.delivery.email-batch", "1")),
                clock)) {
            Http http = dispatcher.http();
            String bulletin = fireToTwoZones(dispatcher);

            // As a node that died would leave them: one delivery claimed and not sent, one recorded and never queued.
            OffsetDateTime then = OffsetDateTime.now(clock);
            String claimed = deliveryTo(http, bulletin, "wang.haiyan@dongzhou-port.example.org");
            String neverQueued = deliveryTo(http, bulletin, "ma.xiaodong@xiling-agri.example.org");
            DataSource db = dispatcher.bean("dataSource", DataSource.class);
            // (Claimed by a process no longer known, which the claim timeout covers.)
            heldBy(db, "forgotten", then, claimed);
            waiting(db, then, neverQueued);
            DeliverySweep worker = dispatcher.bean("deliverySweep", DeliverySweep.class);

            // Within the claim timeout the claim is respected: its node may still be sending.
            clock.set(LocalDateTime.of(2026, 11, 20, 14, 4));
            worker.sweep();
            assertThat(status(http, claimed)).isEqualTo("sending");
            assertThat(status(http, neverQueued)).isEqualTo("pending");

            // Past the claim timeout (5 min) the claim is taken back and sent; the waiting one after 20 min.
            clock.set(LocalDateTime.of(2026, 11, 20, 14, 6));
            worker.sweep();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> status(http, claimed).equals("sent"));
            assertThat(status(http, neverQueued)).isEqualTo("pending");
            clock.set(LocalDateTime.of(2026, 11, 20, 14, 21));
            worker.sweep();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> status(http, neverQueued).equals("sent"));
            assertThat(dispatcher.mailTo("wang.haiyan@dongzhou-port.example.org"))
                    .hasSize(2);
            assertThat(dispatcher.mailTo("ma.xiaodong@xiling-agri.example.org")).hasSize(2);
            // The repeat carries the first one's Message-ID, so a mail client shows it once.
            assertThat(dispatcher.mailTo("wang.haiyan@dongzhou-port.example.org"))
                    .extracting(m -> m.getMessageID())
                    .containsOnly("<" + claimed + "@bulletin-dispatcher>");

            // Nothing left: another sweep queues nothing again.
            clock.set(LocalDateTime.of(2026, 11, 20, 15, 0));
            worker.sweep();
            assertThat(dispatcher.mail().getReceivedMessages()).hasSize(4);
        }
    }

    /**
     * A process killed midway through a fan-out (its emails are recorded and queued a chunk at a time) leaves the
     * bulletin published but not handed over: the sweep of a live process finishes it once the fan-out cannot still be
     * under way, and only what was missing goes out.
     */
    @Test
    void aFanOutLeftUnfinishedByADeadProcessIsFinishedByTheSweep() throws Exception {
        try (RunningDispatcher dispatcher = RunningDispatcher.start(
                RunningDispatcher.byHand(Map.of("dispatcher.delivery.sweep-ms", "3600000")), clock)) {
            Http http = dispatcher.http();
            String bulletin = fireToTwoZones(dispatcher);

            // As the killed process left it: one zone's delivery never recorded, the bulletin not handed over.
            String recorded = deliveryTo(http, bulletin, "wang.haiyan@dongzhou-port.example.org");
            String missing = deliveryTo(http, bulletin, "ma.xiaodong@xiling-agri.example.org");
            DataSource db = dispatcher.bean("dataSource", DataSource.class);
            update(db, "DELETE FROM delivery WHERE id = ?", missing);
            update(
                    db,
                    "UPDATE bulletin SET handed_over_at = NULL, published_at = ? WHERE id = ?",
                    OffsetDateTime.now(clock),
                    bulletin);
            dispatcher.mail().purgeEmailFromAllMailboxes();
            DeliverySweep worker = dispatcher.bean("deliverySweep", DeliverySweep.class);

            // Within the claim timeout its fan-out could still be under way: left alone.
            clock.set(LocalDateTime.of(2026, 11, 20, 14, 4));
            worker.sweep();
            assertThat(http.get("/api/bulletins/" + bulletin)
                            .json()
                            .at("/deliveries/email/sent")
                            .asInt())
                    .isEqualTo(1);

            clock.set(LocalDateTime.of(2026, 11, 20, 14, 6));
            worker.sweep();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> dispatcher
                                    .mailTo("ma.xiaodong@xiling-agri.example.org")
                                    .size()
                            == 1);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> http.get("/api/bulletins/" + bulletin)
                                    .json()
                                    .at("/deliveries/email/sent")
                                    .asInt()
                            == 2);
            assertThat(status(http, recorded)).isEqualTo("sent");
            assertThat(dispatcher.mailTo("wang.haiyan@dongzhou-port.example.org"))
                    .isEmpty();

            // Handed over now: the next sweep leaves it alone.
            clock.set(LocalDateTime.of(2026, 11, 20, 15, 0));
            worker.sweep();
            assertThat(dispatcher.mail().getReceivedMessages()).hasSize(1);
        }
    }

    /**
     * On a shared database the sweep takes a claim back only from a process that stopped answering: a live process
     * keeps its claims however long it takes (a loaded machine), a silent one loses them at the next sweep.
     */
    @Test
    void aClaimIsTakenBackOnlyFromAProcessThatStoppedAnsweringHoweverOldItIs() throws Exception {
        try (Postgres postgres = Postgres.freshSchema();
                RunningDispatcher dispatcher = onPostgres(postgres)) {
            Http http = dispatcher.http();
            String bulletin = fireToTwoZones(dispatcher);

            DataSource db = dispatcher.bean("dataSource", DataSource.class);
            twoOtherProcesses(db);
            OffsetDateTime then = OffsetDateTime.now(clock);
            String slow = deliveryTo(http, bulletin, "wang.haiyan@dongzhou-port.example.org");
            String orphaned = deliveryTo(http, bulletin, "ma.xiaodong@xiling-agri.example.org");
            heldBy(db, "slow-but-alive", then, slow);
            heldBy(db, "killed", then, orphaned);

            // A day later by the ledger's clock, far past the claim timeout: the live process's claim is still its own.
            clock.set(LocalDateTime.of(2026, 11, 21, 14, 0));
            dispatcher.bean("deliverySweep", DeliverySweep.class).sweep();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> status(http, orphaned).equals("sent"));
            assertThat(status(http, slow)).isEqualTo("sending");
            assertThat(dispatcher.mailTo("ma.xiaodong@xiling-agri.example.org")).hasSize(2);
            assertThat(dispatcher.mailTo("wang.haiyan@dongzhou-port.example.org"))
                    .hasSize(1);
        }
    }

    /** A process killed between assembling a bulletin and publishing it: any live process's sweep sends it. */
    @Test
    void aBulletinLeftAssembledByAProcessThatDiedIsPublishedByTheSweepOfAnotherAndOneOfALiveProcessIsNot()
            throws Exception {
        try (Postgres postgres = Postgres.freshSchema();
                RunningDispatcher dispatcher = onPostgres(postgres)) {
            Http http = dispatcher.http();
            assertThat(http.postJson("/api/notices", """
                    {"category": "reminder", "title": "请于周五前报送统计表", "body": "按时报送。",
                     "audience": {"zones": ["dongzhou-port"]}, "author": "开发区处"}
                    """).status()).isEqualTo(202);
            assertThat(http.postJson("/api/notices", """
                    {"category": "case", "title": "东州临港的服务专员", "body": "案例。",
                     "audience": {"zones": ["xiling-agri"]}, "author": "开发区处"}
                    """).status()).isEqualTo(202);
            String orphan = http.post("/api/slots/friday-reminders/fire", "application/json", "")
                    .json()
                    .get("id")
                    .asText();
            String ofTheLiving = http.post("/api/slots/midweek-news/fire?date=2026-11-24", "application/json", "")
                    .json()
                    .get("id")
                    .asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> dispatcher.mail().getReceivedMessages().length == 2);

            // As two other processes would have left them: assembled, nothing fanned out yet.
            DataSource db = dispatcher.bean("dataSource", DataSource.class);
            twoOtherProcesses(db);
            for (String[] left : new String[][] {{orphan, "killed"}, {ofTheLiving, "slow-but-alive"}}) {
                try (Connection c = db.getConnection();
                        Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM delivery WHERE bulletin_id = '" + left[0] + "'");
                    s.executeUpdate(
                            "UPDATE bulletin SET status = 'assembled', published_at = NULL, handed_over_at = NULL,"
                                    + " assembled_by = '"
                                    + left[1] + "' WHERE id = '" + left[0] + "'");
                }
            }
            dispatcher.mail().purgeEmailFromAllMailboxes();

            // The sweep route itself, as the timer runs it.
            dispatcher.context().createProducerTemplate().sendBody("direct:delivery-sweep", null);

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> dispatcher
                                    .mailTo("wang.haiyan@dongzhou-port.example.org")
                                    .size()
                            == 1);
            assertThat(http.get("/api/bulletins/" + orphan).json().get("status").asText())
                    .isEqualTo("published");
            assertThat(http.get("/api/bulletins/" + ofTheLiving)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("assembled");
            assertThat(dispatcher.mailTo("ma.xiaodong@xiling-agri.example.org")).isEmpty();
        }
    }

    /** On a shared database (not alone on it), its sweeps on demand; a process silent for 1 ms counts as dead. */
    private RunningDispatcher onPostgres(Postgres postgres) {
        return RunningDispatcher.start(
                Map.of(
                        "dispatcher.db.url",
                        Postgres.URL,
                        "dispatcher.db.user",
                        Postgres.USER,
                        "dispatcher.db.schema",
                        postgres.schema(),
                        "dispatcher.cadence.enabled",
                        "false",
                        "dispatcher.cadence.urgent-sweep-ms",
                        "3600000",
                        "dispatcher.cadence.urgent-at-once",
                        "false",
                        "dispatcher.delivery.sweep-ms",
                        "3600000",
                        "dispatcher.node.dead-after-ms",
                        "1",
                        "dispatcher.delivery.email-batch",
                        "1"),
                clock);
    }

    /** Two other processes: one heard from (by the database's clock), one silent for an hour. */
    private static void twoOtherProcesses(DataSource db) throws Exception {
        update(
                db,
                "INSERT INTO dispatcher_node (id, host, started_at, seen_at) VALUES ('slow-but-alive', 'a',"
                        + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP + INTERVAL '1' HOUR)");
        update(
                db,
                "INSERT INTO dispatcher_node (id, host, started_at, seen_at) VALUES ('killed', 'b',"
                        + " CURRENT_TIMESTAMP - INTERVAL '2' HOUR, CURRENT_TIMESTAMP - INTERVAL '1' HOUR)");
    }

    /** Friday's bulletin with a reminder to two zones, fired by hand; answers its id once both mails arrived. */
    private static String fireToTwoZones(RunningDispatcher dispatcher) {
        Http http = dispatcher.http();
        assertThat(http.postJson("/api/notices", """
                {"category": "reminder", "title": "请于周五前报送统计表", "body": "按时报送。",
                 "audience": {"zones": ["dongzhou-port", "xiling-agri"]}, "author": "开发区处"}
                """).status()).isEqualTo(202);
        String bulletin = http.post("/api/slots/friday-reminders/fire", "application/json", "")
                .json()
                .get("id")
                .asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> dispatcher.mail().getReceivedMessages().length == 2);
        return bulletin;
    }

    /** As a fan-out leaves a delivery it recorded (one mail to a batch here), in its batch, before anything sent it. */
    private static void waiting(DataSource db, OffsetDateTime then, String delivery) throws Exception {
        update(
                db,
                "UPDATE delivery SET status = 'pending', sent_at = NULL, attempts = 0, updated_at = ? WHERE id = ?",
                then,
                delivery);
        update(
                db,
                "UPDATE delivery_batch SET status = 'waiting', claimed_by = NULL, updated_at = ?"
                        + " WHERE id = (SELECT batch_id FROM delivery WHERE id = ?)",
                then,
                delivery);
    }

    /** As a process leaves a batch of emails it claimed (one mail to a batch here) and did not finish. */
    private static void heldBy(DataSource db, String node, OffsetDateTime then, String delivery) throws Exception {
        waiting(db, then, delivery);
        update(
                db,
                "UPDATE delivery_batch SET status = 'sending', claimed_by = ?, updated_at = ?"
                        + " WHERE id = (SELECT batch_id FROM delivery WHERE id = ?)",
                node,
                then,
                delivery);
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
        try (Connection c = db.getConnection();
                PreparedStatement update = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                update.setObject(i + 1, args[i]);
            }
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
