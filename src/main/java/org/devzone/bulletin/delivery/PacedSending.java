package org.devzone.bulletin.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.devzone.bulletin.zone.ChannelDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat message sent in parts, each in its own slot of the channel's rate limits (the {@link Pacer}), resuming after
 * the parts a previous attempt sent. A slot a moment away is waited for; one further off than {@code deferBeyond}
 * hands the delivery back to the broker to wait there ({@link DeliveryDeferred}).
 */
final class PacedSending {

    private static final Logger LOG = LoggerFactory.getLogger(PacedSending.class);

    private final Pacer pacer;
    private final Duration deferBeyond;
    private final DeliveryStore store;
    private final Clock clock;
    private volatile boolean brokerIgnoresDelays;

    PacedSending(Pacer pacer, Duration deferBeyond, DeliveryStore store, Clock clock) {
        this.pacer = pacer;
        this.deferBeyond = deferBeyond;
        this.store = store;
        this.clock = clock;
    }

    /**
     * How long a message whose slot is {@code untilSlot} ms away waits on the broker: none when the slot is within
     * {@code deferBeyond} (a consumer waits for it), else until a quarter of {@code deferBeyond} before the slot, the
     * consumer waiting the rest. The broker's scheduler hands out messages due at one moment one by one, a store write
     * and a dispatch each, so a hundred robots' windows due together came out 0.3 to 0.6 s late; released early, they
     * are in the consumers when their slots come. Not earlier: the robot may turn out to be free later than planned
     * (its last window left late), and the consumer would then send the message back to wait again.
     */
    static long brokerDelay(long untilSlot, Duration deferBeyond) {
        return untilSlot > deferBeyond.toMillis() ? untilSlot - deferBeyond.toMillis() / 4 : 0;
    }

    /** Sends one part of a chat message. */
    @FunctionalInterface
    interface PartSender {
        String send(String part) throws DeliveryFailure;
    }

    /**
     * Sends the parts not yet sent, each in its own slot of the robot's rate: a slot a moment away is waited for here;
     * one further away defers the delivery ({@link DeliveryDeferred}) so this consumer serves other robots meanwhile.
     */
    String send(Delivery d, ChannelDefinition channel, List<String> parts, Pacer.Slot carried, PartSender sender)
            throws DeliveryFailure, DeliveryDeferred {
        String providerId = null;
        for (int i = d.partsSent(); i < parts.size(); i++) {
            boolean redeemed = i == d.partsSent()
                    && carried != null
                    && carried.key().equals(channel.key())
                    && pacer.redeem(carried);
            Pacer.Slot slot = redeemed ? carried : pacer.reserve(channel.key(), channel.rates());
            long wait = slot.at() - pacer.now();
            if (redeemed && wait > deferBeyond.toMillis() && !brokerIgnoresDelays) {
                brokerIgnoresDelays = true;
                LOG.warn(
                        "The broker delivered a paced delivery {} ms early: it ignores scheduled delivery, so pacing now"
                                + " waits in the consumers. Enable schedulerSupport on the broker.",
                        wait);
            }
            while (true) {
                if (wait > deferBeyond.toMillis() && !brokerIgnoresDelays) {
                    throw new DeliveryDeferred(slot);
                }
                pause(wait);
                long more = pacer.start(slot, channel.rates());
                if (more == 0) {
                    break;
                }
                if (more > deferBeyond.toMillis()) {
                    // What went out meanwhile (or a refusal) moved the robot's next free moment: the slot moves with
                    // it and keeps its place in the robot's line (planning again would put it behind every later one).
                    slot = pacer.postpone(slot, more);
                    wait = slot.at() - pacer.now();
                } else {
                    wait = more;
                }
            }
            try {
                providerId = sender.send(parts.get(i));
            } catch (DeliveryFailure failure) {
                if (failure.rateLimited()) {
                    Duration pause = channel.rates().stream()
                            .map(r -> r.window())
                            .max(Duration::compareTo)
                            .orElse(Duration.ofMinutes(1));
                    pacer.pause(channel.key(), pause);
                    LOG.warn(
                            "{} says we send too fast: nothing more goes to it for {} s",
                            channel.key(),
                            pause.toSeconds());
                }
                throw failure;
            } finally {
                pacer.finished(slot); // answered or failed: the provider has it, if it ever will
            }
            if (i + 1 < parts.size()) {
                store.markPartsSent(d.id(), i + 1, OffsetDateTime.now(clock));
            }
        }
        return providerId;
    }

    private static void pause(long millis) throws DeliveryFailure {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure("interrupted while pacing", false, e);
        }
    }
}
