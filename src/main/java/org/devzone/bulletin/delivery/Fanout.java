package org.devzone.bulletin.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.devzone.bulletin.bulletin.Bulletin;
import org.devzone.bulletin.bulletin.Publication;
import org.devzone.bulletin.platform.RowIds;
import org.devzone.bulletin.zone.ChannelDefinition;
import org.devzone.bulletin.zone.ChannelEndpoint;
import org.devzone.bulletin.zone.ChannelType;
import org.devzone.bulletin.zone.Channels;
import org.devzone.bulletin.zone.Contact;
import org.devzone.bulletin.zone.Zone;
import org.devzone.bulletin.zone.ZoneDirectory;

/**
 * Turns a published bulletin into deliveries: one per edition and email address of its zone and per channel endpoint
 * the zone has, recorded in the ledger first, then put on the deliveries queue: emails in batches of
 * {@code emailBatch} (a batch is recorded as such, claimed as one and sent over one SMTP connection), webhooks and
 * robots without limits one to a message, a paced
 * robot's by window (below); an urgent bulletin's ahead of the rest. Doing it again records nothing new.
 *
 * <p>A chat message to a robot with rate limits gets its slot in the robot's rate here, and the messages the robot may
 * take at the same moment (one window of its limit) travel in one queue message: one claim, one record of what was
 * sent and one broker transaction for the window rather than one each. A window further off than {@code deferBeyond}
 * waits on the broker (scheduled delivery) from the start: a fan-out of many messages to one robot does not pass each
 * of them through a consumer only to be put back. The consumer redeems the slots; on another node, or after a restart,
 * it plans its own.
 */
public final class Fanout implements Publication {

    /** How chat messages are planned at fan-out: the robots' pacer, their limits, and how far off a slot waits. */
    public record Pacing(Pacer pacer, Channels channels, Duration deferBeyond) {}

    /** Batches of emails recorded in one commit and queued before the next are recorded. */
    static final int CHUNK_BATCHES = 20;

    private final DeliveryStore store;
    private final ZoneDirectory zones;
    private final DeliveryQueue queue;
    private final Clock clock;
    private final int emailBatch;
    private final Pacing pacing;
    private final Set<String> unconfigured;

    /**
     * @param queue the deliveries queue
     * @param unconfigured the channels ({@link ChannelDefinition#key()}) that cannot send for want of their secrets:
     *     they get no deliveries, which could only fail
     */
    public Fanout(
            DeliveryStore store,
            ZoneDirectory zones,
            DeliveryQueue queue,
            Clock clock,
            int emailBatch,
            Pacing pacing,
            Set<String> unconfigured) {
        if (emailBatch < 1) {
            throw new IllegalArgumentException("the email batch must hold at least one delivery, not " + emailBatch);
        }
        this.store = store;
        this.zones = zones;
        this.queue = queue;
        this.clock = clock;
        this.emailBatch = emailBatch;
        this.pacing = pacing;
        this.unconfigured = Set.copyOf(unconfigured);
    }

    /** Editions of a bulletin being published: their deliveries recorded and queued now. */
    @Override
    public void editions(Bulletin bulletin, List<Bulletin.Edition> editions) {
        fanOut(bulletin, editions);
    }

    /** Nothing left to do: its deliveries were queued as its editions were written. */
    @Override
    public void published(Bulletin bulletin) {}

    /** Every edition of a bulletin (again: what is recorded already is kept, and not queued twice). */
    public void fanOut(Bulletin bulletin) {
        fanOut(bulletin, bulletin.editions());
    }

    private void fanOut(Bulletin bulletin, List<Bulletin.Edition> editions) {
        List<DeliveryStore.Planned> emails = new ArrayList<>();
        List<DeliveryStore.Planned> others = new ArrayList<>();
        String batch = null;
        int inBatch = 0;
        for (Bulletin.Edition edition : editions) {
            Zone zone = zones.find(edition.zoneId()).orElse(null);
            if (zone == null) {
                continue; // removed from the directory since the bulletin fired
            }
            for (Contact contact : zone.contacts()) {
                if (batch == null || inBatch == emailBatch) {
                    batch = RowIds.next();
                    inBatch = 0;
                }
                inBatch++;
                emails.add(new DeliveryStore.Planned(
                        bulletin.id(), edition.id(), zone.id(), "email", contact.email(), batch));
            }
            for (ChannelEndpoint endpoint : zone.endpoints()) {
                if (unconfigured.contains(endpoint.type().wireName() + ":" + endpoint.channel())) {
                    continue;
                }
                others.add(new DeliveryStore.Planned(
                        bulletin.id(), edition.id(), zone.id(), endpoint.type().wireName(), endpoint.address()));
            }
        }
        int priority = bulletin.kind() == Bulletin.Kind.URGENT ? DeliveryQueue.URGENT : DeliveryQueue.NORMAL;
        // Chat messages and webhooks first: few, and a robot's windows are planned over all of its messages.
        queueOthers(others, priority);
        // Emails a chunk of whole batches at a time, each chunk recorded in one commit and queued, so that the first
        // batches go out while the next are recorded. A batch is never split between chunks: its mails are all in the
        // ledger before its message is queued.
        int chunk = emailBatch * CHUNK_BATCHES;
        Set<String> queuedBatches = new HashSet<>();
        for (int from = 0; from < emails.size(); from += chunk) {
            queueEmails(emails.subList(from, Math.min(emails.size(), from + chunk)), queuedBatches, priority);
        }
    }

    /** Records a chunk of whole batches of emails and queues one message a batch. */
    private void queueEmails(List<DeliveryStore.Planned> planned, Set<String> queuedBatches, int priority) {
        List<DeliveryStore.Recorded> recorded = store.record(planned, OffsetDateTime.now(clock));
        List<DeliveryQueue.Queued> messages = new ArrayList<>();
        List<String> unbatched = new ArrayList<>(); // recorded before batches were: a list, each claimed on its own
        for (DeliveryStore.Recorded r : recorded) {
            if (r.batchId() != null) {
                if (queuedBatches.add(r.batchId())) {
                    messages.add(email(DeliveryMessage.batchPayload(r.batchId()), priority));
                }
                continue;
            }
            unbatched.add(r.id());
            if (unbatched.size() == emailBatch) {
                messages.add(email(DeliveryMessage.listPayload(unbatched), priority));
                unbatched.clear();
            }
        }
        if (!unbatched.isEmpty()) {
            messages.add(email(DeliveryMessage.listPayload(unbatched), priority));
        }
        queue.sendAll(messages);
    }

    /** Records chat messages and webhooks and queues them: one to a message, or a robot's window to one. */
    private void queueOthers(List<DeliveryStore.Planned> planned, int priority) {
        List<DeliveryStore.Recorded> recorded = store.record(planned, OffsetDateTime.now(clock));
        // In the order planned; a robot's window is queued where its first message was planned, once it is complete.
        List<Supplier<DeliveryQueue.Queued>> messages = new ArrayList<>();
        Map<String, Window> open = new HashMap<>();
        for (int i = 0; i < recorded.size(); i++) {
            DeliveryStore.Planned p = planned.get(i);
            String id = recorded.get(i).id();
            String group = DeliveryQueue.group(p.channel(), p.address());
            ChannelDefinition robot = group == null ? null : robot(group);
            if (robot == null || robot.rates().isEmpty()) {
                messages.add(queued(DeliveryMessage.payload(id), group, priority));
                continue;
            }
            Pacer.Slot slot = pacing.pacer().reserve(robot.key(), robot.rates());
            Window window = open.get(group);
            // Planned a moment apart (the clock moved while planning), they still go together: the consumer waits
            // that moment, as it would for any slot within deferBeyond.
            if (window == null || slot.at() - window.at > pacing.deferBeyond().toMillis()) {
                window = new Window(group, slot.at());
                open.put(group, window);
                Window complete = window;
                messages.add(() -> complete.queued(pacing, priority));
            }
            window.ids.add(id);
            window.slots.add(slot);
        }
        if (!messages.isEmpty()) {
            queue.sendAll(messages.stream().map(Supplier::get).toList());
        }
    }

    private static DeliveryQueue.Queued email(String payload, int priority) {
        return new DeliveryQueue.Queued(payload, null, 0, priority);
    }

    private static Supplier<DeliveryQueue.Queued> queued(String payload, String group, int priority) {
        DeliveryQueue.Queued queued = new DeliveryQueue.Queued(payload, group, 0, priority);
        return () -> queued;
    }

    /**
     * A robot's messages planned for the same moment (within {@code deferBeyond} of the first), one window of its limit:
     * they travel in one queue message, which waits on the broker when that moment is further off than
     * {@code deferBeyond} ({@link PacedSending#brokerDelay}).
     */
    private static final class Window {
        final String group;
        final long at;
        final List<String> ids = new ArrayList<>();
        final List<Pacer.Slot> slots = new ArrayList<>();

        Window(String group, long at) {
            this.group = group;
            this.at = at;
        }

        DeliveryQueue.Queued queued(Pacing pacing, int priority) {
            return new DeliveryQueue.Queued(
                    DeliveryMessage.pacedPayload(ids, slots),
                    group,
                    PacedSending.brokerDelay(at - pacing.pacer().now(), pacing.deferBeyond()),
                    priority);
        }
    }

    /** The channel a message group names ({@code wecom:wecom-dongzhou-etdz}), if still defined. */
    private ChannelDefinition robot(String group) {
        int colon = group.indexOf(':');
        ChannelType type = colon < 0 ? null : ChannelType.BY_NAME.get(group.substring(0, colon));
        return type == null
                ? null
                : pacing.channels().find(type, group.substring(colon + 1)).orElse(null);
    }
}
