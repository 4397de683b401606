package org.devzone.bulletin.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.devzone.bulletin.bulletin.BulletinStore;
import org.devzone.bulletin.platform.Nodes;
import org.devzone.bulletin.platform.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stopped or crashed sender left behind, picked up: at start on this node, and every minute on every node
 * (route {@code delivery-sweep}).
 */
public final class DeliverySweep {

    private static final Logger LOG = LoggerFactory.getLogger(DeliverySweep.class);
    private static final int SWEEP_BATCH = 10_000;
    /** Sent batches written into their deliveries' rows in one commit: 5,000 rows at the default batch of 50. */
    private static final int FOLD_BATCHES = 100;
    /** How long sent batches may wait for the consumers to be idle before they are written into their rows anyway. */
    private static final Duration FOLD_AFTER = Duration.ofMinutes(10);

    private final DeliveryRecovery store;
    private final BulletinStore bulletins;
    private final Fanout fanout;
    private final Consumer<String> queue;
    private final Clock clock;
    private Nodes nodes;
    private Duration claimTimeout = Duration.ofMinutes(5);
    private Duration requeueAfter = Duration.ofMinutes(20);

    /** @param queue puts a delivery on the deliveries queue again */
    public DeliverySweep(
            DeliveryRecovery store, BulletinStore bulletins, Fanout fanout, Consumer<String> queue, Clock clock) {
        this.store = store;
        this.bulletins = bulletins;
        this.fanout = fanout;
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * At start: bulletins whose fan-out did not finish (a crash midway) are fanned out again; claims left by a consumer
     * that died are released; everything not yet sent is queued again (a delivery already queued is claimed once).
     */
    public void recover() {
        writeSentBatches();
        fanOutOrphans(now());
        releaseClaimsOfDeadProcesses();
        store.releaseUnownedClaims(now().minus(claimTimeout), now());
        List<String> unfinished = store.unfinished();
        unfinished.forEach(queue);
        if (!unfinished.isEmpty()) {
            LOG.info("{} unfinished deliveries queued again after start", unfinished.size());
        }
    }

    /**
     * Every minute, on every node: what another node left behind when it died is picked up without waiting for it to
     * come back. A claim older than the claim timeout is released (its JMS message already went to another consumer,
     * which found it claimed and let it go) and queued again; a delivery waiting longer than {@code requeueAfter} with
     * nothing happening to it (its node died between the ledger and the queue) is queued again; a bulletin whose fan-out
     * did not finish is fanned out again. Queuing a delivery twice is harmless: it is claimed once.
     */
    public void sweep() {
        writeSentBatches();
        OffsetDateTime now = now();
        // A fan-out under way in a live process is left to it: one published longer ago than a claim may last.
        fanOutOrphans(now.minus(claimTimeout));
        List<String> released = new ArrayList<>(releaseClaimsOfDeadProcesses());
        released.addAll(store.releaseUnownedClaims(now.minus(claimTimeout), now));
        List<String> stalled = store.touchStalled(now.minus(requeueAfter), now, SWEEP_BATCH);
        released.forEach(queue);
        stalled.forEach(queue);
        if (!released.isEmpty() || !stalled.isEmpty()) {
            LOG.warn(
                    "Sweep: {} deliveries claimed by a sender that stopped and {} waiting deliveries queued again",
                    released.size(),
                    stalled.size());
        }
    }

    /**
     * The batches that went out since the last sweep, written into their deliveries' rows ({@link
     * DeliveryRecovery#fold}), so that the ledger's own columns say sent and the queries for waiting deliveries do not
     * walk them: once no fan-out is under way, or after {@code FOLD_AFTER} however busy the consumers are.
     */
    private void writeSentBatches() {
        long started = System.nanoTime();
        OffsetDateTime busyBefore = now().minus(FOLD_AFTER);
        int written = 0;
        for (int batches; (batches = store.fold(FOLD_BATCHES, busyBefore)) > 0; ) {
            written += batches;
        }
        if (written > 0) {
            LOG.info(
                    "{} sent batches written into their deliveries' rows in {} ms",
                    written,
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
    }

    /** Claims held by processes that stopped answering go back to waiting; the processes are then forgotten. */
    private List<String> releaseClaimsOfDeadProcesses() {
        List<String> released = new ArrayList<>();
        for (String dead : nodes.dead()) {
            released.addAll(store.releaseClaimsOf(dead, now()));
            nodes.forget(dead);
        }
        return released;
    }

    /** Bulletins published before {@code publishedBefore} whose fan-out did not finish: fanned out again. */
    private void fanOutOrphans(OffsetDateTime publishedBefore) {
        for (String id : bulletins.notHandedOver(publishedBefore)) {
            try {
                bulletins.find(id).ifPresent(bulletin -> {
                    fanout.fanOut(bulletin);
                    bulletins.handedOver(id, now());
                    LOG.info("Bulletin {} fanned out again: the process that published it stopped midway", id);
                });
            } catch (StoreException e) {
                // Another node fanned it out at the same moment: the ledger's unique key kept one set of deliveries.
                LOG.debug("Bulletin {} was fanned out elsewhere: {}", id, e.toString());
            }
        }
    }

    /**
     * The processes sharing the ledger (a claim is taken back only from one that stopped), how long a claim recorded
     * without its process may last, and how long a waiting delivery may sit untouched.
     */
    public void recovery(Nodes nodes, Duration claimTimeout, Duration requeueAfter) {
        this.nodes = nodes;
        this.claimTimeout = claimTimeout;
        this.requeueAfter = requeueAfter;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
