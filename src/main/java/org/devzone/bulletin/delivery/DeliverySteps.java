package org.devzone.bulletin.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.devzone.bulletin.bulletin.BulletinStore;
import org.devzone.bulletin.platform.Nodes;
import org.devzone.bulletin.platform.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the delivery route ({@code routes/deliveries.camel.yaml}): claim the deliveries a queue message names,
 * compose each one's edition, send them on their channel (each outcome recorded as it comes), and settle: when any is
 * to be tried again the JMS transaction rolls back and the broker brings the message back after its pause.
 */
public final class DeliverySteps {

    /** Header the route's filter reads: whether this consumer holds any delivery of the message. */
    public static final String CLAIMED = "deliveryClaimed";

    private static final String CLAIM = "deliveryClaim";
    private static final String NOT_A_DELIVERY = "deliveryNotADelivery";
    private static final Logger LOG = LoggerFactory.getLogger(DeliverySteps.class);

    private final DeliveryStore store;
    private final BulletinStore bulletins;
    private final EditionAssembler editions;
    private final Map<String, Channel> channels;
    private final DeliveryOutcomes outcomes;
    private final Pacer pacer;
    private final Nodes nodes;
    private final ObjectMapper mapper;
    private final Clock clock;

    DeliverySteps(
            DeliveryStore store,
            BulletinStore bulletins,
            EditionAssembler editions,
            List<Channel> channels,
            DeliveryOutcomes outcomes,
            Pacer pacer,
            Nodes nodes,
            ObjectMapper mapper,
            Clock clock) {
        this.store = store;
        this.bulletins = bulletins;
        this.editions = editions;
        this.channels = channels.stream().collect(Collectors.toUnmodifiableMap(Channel::name, Function.identity()));
        this.outcomes = outcomes;
        this.pacer = pacer;
        this.nodes = nodes;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** The deliveries of one queue message this consumer holds, and how far they have come. */
    private static final class Claim {
        final List<Delivery> deliveries;
        final DeliveryMessage message;
        /** The batch of emails the deliveries were claimed by, or null: claimed one by one. */
        final String batch;
        /** Whether this consumer still holds the batch. */
        boolean holdsBatch;

        final long at = System.nanoTime();
        final Set<String> settled = new HashSet<>();
        List<Channel.Parcel> parcels = List.of();
        int retrying;

        Claim(List<Delivery> deliveries, DeliveryMessage message, String batch) {
            this.deliveries = deliveries;
            this.message = message;
            this.batch = batch;
            this.holdsBatch = batch != null;
        }

        void outcome(Delivery d, boolean settledForGood) {
            settled.add(d.id());
            retrying += settledForGood ? 0 : 1;
        }
    }

    /** Claims the deliveries the message names; one already sent, dead or in hand elsewhere is skipped. */
    public void claim(Exchange exchange) {
        DeliveryMessage read;
        try {
            read = DeliveryMessage.parse(exchange.getMessage().getBody(String.class), mapper);
        } catch (IllegalArgumentException notOurs) {
            exchange.setProperty(NOT_A_DELIVERY, true);
            throw notOurs;
        }
        // A fan-out's emails are claimed by their batch; a delivery named on its own (re-driven, or queued again by the
        // sweep) that waits in a batch is sent with the rest of its batch, by whoever holds it.
        String batch = read.batchId();
        List<Delivery> claimed;
        if (batch != null) {
            claimed = store.batches().claim(batch, nodes.id(), now());
        } else if (read.batch()) {
            claimed = store.claimAll(read.ids(), nodes.id(), now());
        } else {
            claimed = store.claim(read.ids().get(0), nodes.id(), now())
                    .map(List::of)
                    .orElse(List.of());
            batch = claimed.isEmpty()
                    ? store.batches().waitingBatchOf(read.ids().get(0))
                    : null;
            if (batch != null) {
                claimed = store.batches().claim(batch, nodes.id(), now());
            }
        }
        if (claimed.isEmpty()) {
            batch = null; // held by another consumer (of this process too: not ours to hand back), or nothing left
        }
        // A property, not a header: the error handling restores the original message, but keeps properties.
        exchange.setProperty(CLAIM, new Claim(claimed, read, batch));
        exchange.getMessage().setHeader(CLAIMED, !claimed.isEmpty());
        if (batch == null && claimed.size() < read.ids().size()) {
            Set<String> held = claimed.stream().map(Delivery::id).collect(Collectors.toSet());
            for (String id : read.ids()) {
                Pacer.Slot slot = read.slotOf(id);
                if (slot != null && !held.contains(id)) {
                    pacer.cancel(slot); // its robot's slot goes to the next message
                }
            }
            LOG.debug(
                    "{} of {} deliveries need nothing: already sent, dead or being sent",
                    read.ids().size() - claimed.size(),
                    read.ids().size());
        }
    }

    /** Each claimed delivery's edition; one that cannot be composed is recorded failed here. */
    public void compose(Exchange exchange) {
        Claim claim = exchange.getProperty(CLAIM, Claim.class);
        Channel channel = channel(claim);
        EditionAssembler.Lookups lookups = editions.lookups(
                claim.deliveries.size() == 1
                        ? null
                        : bulletins.editionNotices(claim.deliveries.stream()
                                .map(Delivery::editionId)
                                .toList()));
        List<Channel.Parcel> parcels = new ArrayList<>();
        for (Delivery d : claim.deliveries) {
            try {
                if (channel == null) {
                    throw new DeliveryFailure("there is no channel '" + d.channel() + "'", true);
                }
                parcels.add(new Channel.Parcel(
                        d, editions.edition(d, channel.carriesFiles(), lookups), claim.message.slotOf(d.id())));
            } catch (StoreException store) {
                throw store; // the database, not this delivery: the message comes back later
            } catch (DeliveryFailure | RuntimeException failure) {
                claim.outcome(
                        d,
                        outcomes.failed(
                                d,
                                failure instanceof DeliveryFailure f
                                        ? f
                                        : FailureClassifier.compositionFailure("the edition", failure)));
            }
        }
        claim.parcels = parcels;
    }

    /**
     * Sends the composed deliveries on their channel, one after the other (a batch of emails over one connection),
     * recording each outcome as it comes; when the channel itself fails, the rest fail alike.
     */
    public void send(Exchange exchange) {
        Claim claim = exchange.getProperty(CLAIM, Claim.class);
        if (claim.parcels.isEmpty()) {
            return;
        }
        // What the provider took is recorded together after the last (one commit for a batch of emails), or before
        // anything else is recorded or thrown.
        List<DeliveryOutcomes.Sending> taken = new ArrayList<>();
        try (Channel.Sending sending = channel(claim).open()) {
            sending.begin(claim.parcels);
            for (int i = 0; i < claim.parcels.size(); i++) {
                Delivery d = claim.parcels.get(i).delivery();
                Channel.Outcome outcome = sending.send(
                        claim.parcels.get(i), i + 1 < claim.parcels.size() ? claim.parcels.get(i + 1) : null);
                claim.settled.add(d.id()); // sent or refused: not handed back unused
                if (outcome instanceof Channel.Outcome.Sent sent) {
                    taken.add(new DeliveryOutcomes.Sending(d, sent));
                    continue;
                }
                outcomes.sent(taken, claim.at, null);
                taken.clear();
                if (outcome instanceof Channel.Outcome.NotYet notYet && i + 1 < claim.parcels.size()) {
                    // The robot's window is not free yet: the rest of the message waits for it together.
                    List<Channel.Parcel> rest = claim.parcels.subList(i, claim.parcels.size());
                    rest.forEach(p -> claim.settled.add(p.delivery().id()));
                    outcomes.notYet(rest, notYet.slot());
                    return;
                }
                if (outcome instanceof Channel.Outcome.Failed failed && failed.channelDown()) {
                    for (Channel.Parcel rest : claim.parcels.subList(i, claim.parcels.size())) {
                        claim.outcome(rest.delivery(), outcomes.failed(rest.delivery(), failed.cause()));
                    }
                    return;
                }
                claim.outcome(d, outcomes.record(d, outcome, claim.at));
            }
        } finally {
            // The last outcomes and the batch's hand-back in one commit; when every mail claimed with the batch went
            // out in one go (the rule), on the batch's row alone.
            if (claim.holdsBatch && !taken.isEmpty()) {
                DeliveryBatches.Hold hold = new DeliveryBatches.Hold(claim.batch, nodes.id());
                if (taken.size() == claim.deliveries.size()) {
                    outcomes.sentWholeBatch(taken, claim.at, hold);
                } else {
                    outcomes.sent(taken, claim.at, hold);
                }
                claim.holdsBatch = false;
            } else {
                outcomes.sent(taken, claim.at, null);
            }
        }
    }

    /** Ends the message: when any delivery is to be tried again, the broker brings the message back after its pause. */
    public void settle(Exchange exchange) throws DeliveryFailure {
        Claim claim = exchange.getProperty(CLAIM, Claim.class);
        handBack(claim);
        if (claim.retrying > 0) {
            throw DeliveryFailure.recorded(claim.retrying + " of " + claim.deliveries.size()
                    + " deliveries of the message are to be tried again");
        }
    }

    /**
     * Called by the delivery route's error handling; answers whether the message is settled. A message that is no
     * delivery's goes to the dead-letter queue with the reason (settled). Otherwise the message comes back later: each
     * delivery's failure is already in the ledger, and claims a failure of the database left unused are handed back.
     */
    public boolean failed(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (exchange.getProperty(NOT_A_DELIVERY) != null) {
            outcomes.notADelivery(exchange.getMessage().getBody(String.class), FailureClassifier.describe(caught));
            return true;
        }
        if (caught instanceof DeliveryFailure f && f.recorded()) {
            return false;
        }
        Claim claim = exchange.getProperty(CLAIM, Claim.class);
        if (claim != null) {
            if (claim.batch == null) {
                outcomes.release(claim.deliveries.stream()
                        .filter(d -> !claim.settled.contains(d.id()))
                        .toList());
            } else {
                try {
                    handBack(claim); // what waits in it goes to whoever claims it when the message comes back
                } catch (RuntimeException alsoDown) {
                    LOG.debug(
                            "The batch {} stays held until this process stops and the sweep takes it back: {}",
                            claim.batch,
                            alsoDown.toString());
                }
            }
        }
        LOG.warn("A delivery message stopped and will be tried again: {}", FailureClassifier.describe(caught));
        return false;
    }

    /** Hands the claim's batch back once its outcomes are recorded. */
    private void handBack(Claim claim) {
        if (claim.holdsBatch) {
            store.batches().release(claim.batch, nodes.id(), now());
            claim.holdsBatch = false;
        }
    }

    private Channel channel(Claim claim) {
        return claim.deliveries.isEmpty()
                ? null
                : channels.get(claim.deliveries.get(0).channel());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
