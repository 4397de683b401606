package org.devzone.bulletin.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.devzone.bulletin.platform.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Records what became of each delivery, as it happens: in the ledger, the metrics and the log. A failure is given up
 * ({@code dead}, with a copy on the dead-letter queue) when it is permanent or the attempts are used up, else the
 * delivery waits to be tried again; a paced delivery hands its claim back and returns to the queue at its slot.
 */
final class DeliveryOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryOutcomes.class);

    private final DeliveryStore store;
    private final DeliveryQueue queueLater;
    private final Pacer pacer;
    private final Duration deferBeyond;
    private final BiConsumer<String, String> deadLetters;
    private final Metrics metrics;
    private final Clock clock;
    private final int maxAttempts;

    /**
     * @param deadLetters puts a payload on the dead-letter queue with the reason
     * @param metrics counts outcomes and send times, or null
     */
    DeliveryOutcomes(
            DeliveryStore store,
            DeliveryConfiguration.Pacing pacing,
            BiConsumer<String, String> deadLetters,
            Metrics metrics,
            Clock clock,
            int maxAttempts) {
        this.store = store;
        this.queueLater = pacing.queueLater();
        this.pacer = pacing.pacer();
        this.deferBeyond = pacing.deferBeyond();
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
    }

    /**
     * Records a claimed delivery's outcome; answers whether it is settled (false: it is to be tried again, and the
     * queue message must come back).
     *
     * @param claimedAt {@link System#nanoTime()} when it was claimed, for the send time
     */
    boolean record(Delivery d, Channel.Outcome outcome, long claimedAt) {
        if (outcome instanceof Channel.Outcome.Sent sent) {
            sent(List.of(new Sending(d, sent)), claimedAt, null);
            return true;
        }
        if (outcome instanceof Channel.Outcome.NotYet notYet) {
            notYet(d, notYet.slot());
            return true;
        }
        return failed(d, ((Channel.Outcome.Failed) outcome).cause());
    }

    /** A delivery the provider took, and what it said. */
    record Sending(Delivery delivery, Channel.Outcome.Sent sent) {}

    /**
     * Records deliveries the provider took, together: one commit for a batch of emails, which also hands the batch
     * back when {@code handBack} names it. Until it commits they stay held as being sent, so a process killed before
     * it sends them again after its restart (at most one batch).
     */
    void sent(List<Sending> taken, long claimedAt, DeliveryBatches.Hold handBack) {
        if (taken.isEmpty()) {
            return;
        }
        store.markAllSent(
                taken.stream()
                        .map(t -> new DeliveryStore.SentMark(
                                t.delivery().id(),
                                t.sent().providerId(),
                                t.sent().parts()))
                        .toList(),
                now(),
                handBack);
        reportSent(taken, claimedAt);
    }

    /**
     * Records that a batch's holder sent every mail it claimed with it: on the batch's row, in the commit that hands
     * the batch back (the sweep writes it into the mails' rows later, many batches a commit).
     */
    void sentWholeBatch(List<Sending> taken, long claimedAt, DeliveryBatches.Hold batch) {
        if (store.batches().markSent(batch, now())) {
            reportSent(taken, claimedAt);
        }
    }

    private void reportSent(List<Sending> taken, long claimedAt) {
        for (Sending t : taken) {
            Delivery d = t.delivery();
            count(d.channel(), "sent");
            if (metrics != null) {
                metrics.sendTime(d.channel(), Duration.ofNanos(System.nanoTime() - claimedAt));
            }
            if (taken.size() == 1 || LOG.isDebugEnabled()) {
                fields(taken.size() == 1 ? LOG.atInfo() : LOG.atDebug(), d, "sent")
                        .log(
                                "Delivery {} sent: bulletin {}, zone {}, {} to {} (attempt {})",
                                d.id(),
                                d.bulletinId(),
                                d.zoneId(),
                                d.channel(),
                                d.address(),
                                d.attempts());
            }
        }
        if (taken.size() > 1) {
            // A batch is one line at INFO (a line a mail cost a quarter of a fan-out's speed); each mail is in the
            // ledger, and at DEBUG in the log too.
            Delivery first = taken.get(0).delivery();
            LOG.atInfo()
                    .addKeyValue("bulletin", first.bulletinId())
                    .addKeyValue("channel", first.channel())
                    .addKeyValue("state", "sent")
                    .addKeyValue("count", taken.size())
                    .log(
                            "{} deliveries sent: bulletin {}, {}, zones {} to {}",
                            taken.size(),
                            first.bulletinId(),
                            first.channel(),
                            first.zoneId(),
                            taken.get(taken.size() - 1).delivery().zoneId());
        }
    }

    /** A failed attempt: given up (answering true) or to be tried again (false). */
    boolean failed(Delivery d, Throwable caught) {
        String id = d.id();
        String reason = FailureClassifier.describe(caught);
        boolean permanent = FailureClassifier.isPermanent(caught);
        if (permanent || d.attempts() >= maxAttempts) {
            String why = permanent ? reason : reason + " (gave up after " + d.attempts() + " attempts)";
            store.markDead(id, why, now());
            count(d.channel(), "dead");
            deadLetters.accept(DeliveryMessage.payload(id), why);
            fields(LOG.atWarn(), d, "dead")
                    .log(
                            "Delivery {} dead: bulletin {}, zone {}, {} to {}: {}",
                            id,
                            d.bulletinId(),
                            d.zoneId(),
                            d.channel(),
                            d.address(),
                            why);
            return true;
        }
        store.markRetrying(id, reason, now());
        count(d.channel(), "retrying");
        fields(LOG.atWarn(), d, "retrying")
                .log(
                        "Delivery {} retrying (attempt {} of {}): zone {}, {} to {}: {}",
                        id,
                        d.attempts(),
                        maxAttempts,
                        d.zoneId(),
                        d.channel(),
                        d.address(),
                        reason);
        return false;
    }

    /** Not a failure: the claim is handed back (the attempt does not count) and it returns to the queue at its slot. */
    private void notYet(Delivery d, Pacer.Slot slot) {
        waitOnBroker(List.of(d), List.of(slot));
    }

    /**
     * Paced deliveries of one message whose robot is not free yet: their claims are handed back and they wait on the
     * broker together, in one message, until {@code slot} (the first's slot, moved); the others keep theirs.
     */
    void notYet(List<Channel.Parcel> waiting, Pacer.Slot slot) {
        List<Delivery> deliveries = new ArrayList<>(waiting.size());
        List<Pacer.Slot> slots = new ArrayList<>(waiting.size());
        for (Channel.Parcel parcel : waiting) {
            deliveries.add(parcel.delivery());
            slots.add(slots.isEmpty() || parcel.slot() == null ? slot : parcel.slot());
        }
        waitOnBroker(deliveries, slots);
    }

    /**
     * Hands the claims back and queues the deliveries again, in one message, delayed until just before the first one's
     * slot ({@link PacedSending#brokerDelay}).
     */
    private void waitOnBroker(List<Delivery> waiting, List<Pacer.Slot> slots) {
        List<String> ids = waiting.stream().map(Delivery::id).toList();
        store.release(ids, now());
        waiting.forEach(d -> count(d.channel(), "deferred"));
        Pacer.Slot first = slots.get(0);
        long delay = PacedSending.brokerDelay(first.at() - pacer.now(), deferBeyond);
        queueLater.send(DeliveryMessage.pacedPayload(ids, slots), first.key(), delay);
        LOG.debug("{} waits {} ms for {}", ids, delay, first.key());
    }

    /** A message that is no delivery's goes to the dead-letter queue with the reason. */
    void notADelivery(String payload, String reason) {
        LOG.warn("A delivery message could not be handled and is moved to the dead-letter queue: {}", reason);
        deadLetters.accept(payload, reason);
    }

    /** Hands claims back unused (the database failed midway), so the message brought back finds them waiting. */
    void release(List<Delivery> unused) {
        try {
            store.release(unused.stream().map(Delivery::id).toList(), now());
        } catch (RuntimeException alsoDown) {
            LOG.debug("Claims stay held until they are taken back: {}", alsoDown.toString());
        }
    }

    private void count(String channel, String status) {
        if (metrics != null && channel != null) {
            metrics.delivery(channel, status);
        }
    }

    /** A delivery's state change as fields too, for JSON logs ({@code LOG_FORMAT=json}). */
    private static LoggingEventBuilder fields(LoggingEventBuilder event, Delivery d, String state) {
        return event.addKeyValue("delivery", d.id())
                .addKeyValue("bulletin", d.bulletinId())
                .addKeyValue("zone", d.zoneId())
                .addKeyValue("channel", d.channel())
                .addKeyValue("state", state)
                .addKeyValue("attempt", d.attempts());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
