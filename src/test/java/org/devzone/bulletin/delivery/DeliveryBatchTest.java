package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.devzone.bulletin.bulletin.Bulletin;
import org.devzone.bulletin.delivery.Delivery.Status;
import org.devzone.bulletin.platform.Jdbc;
import org.devzone.bulletin.platform.RowIds;
import org.devzone.bulletin.testing.Postgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A fan-out's emails are claimed by their batch, one row for the batch rather than one a mail. Whoever holds the batch
 * is the only one that can send its mails (not a second consumer, not a message naming one of them), so a zone gets an
 * edition once; what failed waits in the batch for its next holder; a batch left by a process that died is handed back.
 * On the embedded H2 as on PostgreSQL.
 */
class DeliveryBatchTest {

    @TempDir
    Path dir;

    private Postgres postgres;
    private FridayLedger ledger;
    private DeliveryStore store;
    private OffsetDateTime now;
    private final String batch = RowIds.next();
    private List<String> ids;
    private Bulletin bulletin;

    @AfterEach
    void close() {
        if (ledger != null) {
            ledger.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void onlyTheHolderOfABatchSendsItsMailsAndWhatFailedWaitsInItForTheNextHolder(String database) {
        threeMailsInOneBatch(database);

        List<Delivery> held = store.batches().claim(batch, "node-a", now);
        assertThat(held).extracting(Delivery::id).containsExactlyElementsOf(ids);
        assertThat(held).allSatisfy(d -> {
            assertThat(d.status()).isEqualTo(Status.SENDING);
            assertThat(d.attempts()).isEqualTo(1);
        });
        // Seen from the desk and the API: being sent.
        assertThat(store.find(ids.get(0)).orElseThrow().status()).isEqualTo(Status.SENDING);
        assertThat(store.counts(bulletin.id())).isEqualTo(Map.of("email", Map.of("sending", 3)));
        assertThat(store.list(bulletin.id(), null, null, Status.SENDING, 1, 10)).hasSize(3);

        // Nobody else gets them: not by the batch, not one by one, and the batch is not theirs to hand back.
        assertThat(store.batches().claim(batch, "node-b", now)).isEmpty();
        assertThat(store.claim(ids.get(0), "node-b", now)).isEmpty();
        store.batches().release(batch, "node-b", now);
        assertThat(store.batches().claim(batch, "node-b", now)).isEmpty();

        // Two went out, the server put one off: recorded, and the batch handed back.
        store.markAllSent(
                List.of(
                        new DeliveryStore.SentMark(ids.get(0), "<0@bulletin-dispatcher>", null),
                        new DeliveryStore.SentMark(ids.get(1), "<1@bulletin-dispatcher>", null)),
                now,
                null);
        store.markRetrying(ids.get(2), "421 4.7.0 try again later", now);
        store.batches().release(batch, "node-a", now);
        Delivery sent = store.find(ids.get(0)).orElseThrow();
        assertThat(sent.status()).isEqualTo(Status.SENT);
        assertThat(sent.attempts()).isEqualTo(1);
        assertThat(sent.providerMessageId()).isEqualTo("<0@bulletin-dispatcher>");
        Delivery putOff = store.find(ids.get(2)).orElseThrow();
        assertThat(putOff.status()).isEqualTo(Status.RETRYING);
        assertThat(putOff.attempts()).isEqualTo(1);
        assertThat(putOff.lastError()).isEqualTo("421 4.7.0 try again later");

        // The next holder gets only the mail still to send, on its second attempt; a sent one is never touched again.
        List<Delivery> again = store.batches().claim(batch, "node-b", now);
        assertThat(again).extracting(Delivery::id).containsExactly(ids.get(2));
        assertThat(again.get(0).attempts()).isEqualTo(2);
        store.markAllSent(
                List.of(
                        new DeliveryStore.SentMark(ids.get(0), "<again@bulletin-dispatcher>", null),
                        new DeliveryStore.SentMark(ids.get(2), "<2@bulletin-dispatcher>", null)),
                now,
                new DeliveryBatches.Hold(batch, "node-b"));
        assertThat(store.find(ids.get(0)).orElseThrow().providerMessageId()).isEqualTo("<0@bulletin-dispatcher>");
        assertThat(store.find(ids.get(2)).orElseThrow().attempts()).isEqualTo(2);
        assertThat(store.counts(bulletin.id())).isEqualTo(Map.of("email", Map.of("sent", 3)));
        assertThat(Jdbc.strings(
                        ledger.database.dataSource(), "batch", "SELECT status FROM delivery_batch WHERE id = ?", batch))
                .containsExactly("waiting");
        assertThat(store.batches().claim(batch, "node-c", now)).isEmpty();
        assertThat(Jdbc.strings(
                        ledger.database.dataSource(), "batch", "SELECT status FROM delivery_batch WHERE id = ?", batch))
                .containsExactly("done");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aBatchHeldByAProcessThatDiedIsHandedBackAndOneOfItsMailsQueuedToStandForIt(String database) {
        threeMailsInOneBatch(database);
        assertThat(store.batches().claim(batch, "killed", now)).hasSize(3);
        assertThat(store.batches().waitingBatchOf(ids.get(1))).isEqualTo(batch);

        List<String> queueAgain = new DeliveryRecovery(ledger.database.dataSource()).releaseClaimsOf("killed", now);

        assertThat(queueAgain).hasSize(1).isSubsetOf(ids);
        assertThat(store.find(ids.get(1)).orElseThrow().status()).isEqualTo(Status.PENDING);
        assertThat(store.batches().claim(batch, "node-b", now)).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aBatchWhoseMailsAllWentOutIsRecordedOnItsOwnRowAndReadAsSentBeforeAndAfterTheSweepWritesItIntoTheMails(
            String database) {
        threeMailsInOneBatch(database);
        DeliveryRecovery sweep = new DeliveryRecovery(ledger.database.dataSource());
        // A first holder: the server put one mail off and refused another for good.
        store.batches().claim(batch, "node-a", now);
        store.markRetrying(ids.get(2), "421 4.7.0 try again later", now);
        store.markDead(ids.get(1), "550 5.1.1 no such user", now);
        store.batches().release(batch, "node-a", now);

        Jdbc.update(
                ledger.database.dataSource(),
                "batch",
                "INSERT INTO delivery_batch (id, bulletin_id, status, created_at, updated_at)"
                        + " VALUES (?, ?, 'waiting', ?, ?)",
                RowIds.next(),
                bulletin.id(),
                now,
                now.plusMinutes(1));

        // The next holder sends the two still to send, and records that on the batch alone.
        assertThat(store.batches().claim(batch, "node-b", now))
                .extracting(Delivery::id)
                .containsExactly(ids.get(0), ids.get(2));
        OffsetDateTime sentAt = now.plusMinutes(1);
        assertThat(store.batches().markSent(new DeliveryBatches.Hold(batch, "node-b"), sentAt))
                .isTrue();
        assertThat(store.batches().markSent(new DeliveryBatches.Hold(batch, "node-b"), sentAt))
                .isFalse();

        for (boolean written : List.of(false, true)) {
            // The same answers before the sweep writes the batch into the mails' rows and after.
            assertThat(store.counts(bulletin.id())).isEqualTo(Map.of("email", Map.of("sent", 2, "dead", 1)));
            assertThat(store.list(bulletin.id(), null, null, Status.SENT, 1, 10))
                    .hasSize(2);
            Delivery putOff = store.find(ids.get(2)).orElseThrow();
            assertThat(putOff.status()).isEqualTo(Status.SENT);
            assertThat(putOff.attempts()).isEqualTo(2);
            assertThat(putOff.lastError()).isNull();
            assertThat(putOff.providerMessageId()).isEqualTo(EmailComposer.messageId(ids.get(2)));
            assertThat(putOff.sentAt()).isEqualTo(sentAt);
            assertThat(store.find(ids.get(0)).orElseThrow().attempts()).isEqualTo(1);
            assertThat(store.find(ids.get(1)).orElseThrow().status()).isEqualTo(Status.DEAD);
            // The status page's last email.
            assertThat(new ChannelActivity(ledger.database.dataSource())
                            .read()
                            .get("email")
                            .lastSent()
                            .toInstant())
                    .isEqualTo(sentAt.toInstant());
            // Nothing of it is waiting: not for the sweep, not for a claim, not for staff to send again.
            assertThat(sweep.unfinished()).isEmpty();
            assertThat(sweep.touchStalled(now.plusDays(1), now.plusDays(1), 10)).isEmpty();
            assertThat(store.batches().waitingBatchOf(ids.get(0))).isNull();
            assertThat(store.batches().claim(batch, "node-c", now)).isEmpty();
            assertThat(store.redrive(bulletin.id(), "email", Status.RETRYING, now))
                    .isEmpty();
            // While another fan-out's batch waits (changed as recently), a batch sent a moment ago is left for an
            // idle moment; not one sent longer ago than that.
            assertThat(sweep.fold(10, sentAt)).isZero();
            assertThat(sweep.fold(10, sentAt.plusSeconds(1))).isEqualTo(written ? 0 : 1);
        }
        assertThat(Jdbc.strings(
                        ledger.database.dataSource(),
                        "deliveries",
                        "SELECT status FROM delivery WHERE batch_id = ? ORDER BY id",
                        batch))
                .containsExactly("sent", "dead", "sent");

        // The dead one sent again by staff: out of its batch, which went out, and claimed on its own.
        assertThat(store.redrive(bulletin.id(), "email", Status.DEAD, now)).containsExactly(ids.get(1));
        assertThat(store.claim(ids.get(1), "node-c", now)).isPresent();
        assertThat(store.counts(bulletin.id())).isEqualTo(Map.of("email", Map.of("sent", 2, "sending", 1)));
    }

    private void threeMailsInOneBatch(String database) {
        if (database.equals("postgresql")) {
            postgres = Postgres.freshSchema();
            ledger = new FridayLedger(dir, postgres);
        } else {
            ledger = new FridayLedger(dir);
        }
        store = ledger.deliveries();
        now = OffsetDateTime.now(ledger.clock);
        bulletin = ledger.fire(Bulletin.Kind.SCHEDULED, List.of("zone-1", "zone-2", "zone-3"));
        ids = store
                .record(
                        bulletin.editions().stream()
                                .map(e -> new DeliveryStore.Planned(
                                        bulletin.id(),
                                        e.id(),
                                        e.zoneId(),
                                        "email",
                                        "office@" + e.zoneId() + ".example.org",
                                        batch))
                                .toList(),
                        now)
                .stream()
                .map(DeliveryStore.Recorded::id)
                .toList();
    }
}
