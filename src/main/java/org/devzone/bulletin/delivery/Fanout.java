package org.devzone.bulletin.delivery;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.devzone.bulletin.bulletin.Bulletin;
import org.devzone.bulletin.zone.ChannelEndpoint;
import org.devzone.bulletin.zone.Contact;
import org.devzone.bulletin.zone.Zone;
import org.devzone.bulletin.zone.ZoneDirectory;

/**
 * Turns a published bulletin into deliveries: one per edition and email address of its zone and per channel endpoint
 * the zone has, recorded in the ledger first, then put on the deliveries queue: emails in batches of
 * {@code emailBatch} (sent over one SMTP connection), the others one to a message; an urgent bulletin's ahead of the
 * rest. Doing it again records nothing new.
 */
public final class Fanout {


    private final DeliveryStore store;
    private final ZoneDirectory zones;
    private final DeliveryQueue queue;
    private final Clock clock;
    private final int emailBatch;

    /** @param queue the deliveries queue */
    public Fanout(DeliveryStore store, ZoneDirectory zones, DeliveryQueue queue, Clock clock, int emailBatch) {
        if (emailBatch < 1) {
            throw new IllegalArgumentException("the email batch must hold at least one delivery, not " + emailBatch);
        }
        this.store = store;
        this.zones = zones;
        this.queue = queue;
        this.clock = clock;
        this.emailBatch = emailBatch;
    }

    public void fanOut(Bulletin bulletin) {
        List<DeliveryStore.Planned> planned = new ArrayList<>();
        for (Bulletin.Edition edition : bulletin.editions()) {
            Zone zone = zones.find(edition.zoneId()).orElse(null);
            if (zone == null) {
                continue; // removed from the directory since the bulletin fired
            }
            for (Contact contact : zone.contacts()) {
                planned.add(new DeliveryStore.Planned(bulletin.id(), edition.id(), zone.id(), "email", contact.email()));
            }
            for (ChannelEndpoint endpoint : zone.endpoints()) {
                planned.add(new DeliveryStore.Planned(bulletin.id(), edition.id(), zone.id(),
                        endpoint.type().wireName(), endpoint.address()));
            }
        }
        List<String> ids = store.record(planned, OffsetDateTime.now(clock));
        int priority = bulletin.kind() == Bulletin.Kind.URGENT ? DeliveryQueue.URGENT : DeliveryQueue.NORMAL;
        List<DeliveryQueue.Queued> messages = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            DeliveryStore.Planned p = planned.get(i);
            if (p.channel().equals("email")) {
                emails.add(ids.get(i));
                if (emails.size() == emailBatch) {
                    messages.add(new DeliveryQueue.Queued(DeliveryWorker.batchPayload(emails), null, 0, priority));
                    emails.clear();
                }
            } else {
                messages.add(new DeliveryQueue.Queued(DeliveryWorker.payload(ids.get(i)),
                        DeliveryQueue.group(p.channel(), p.address()), 0, priority));
            }
        }
        if (!emails.isEmpty()) {
            messages.add(new DeliveryQueue.Queued(DeliveryWorker.batchPayload(emails), null, 0, priority));
        }
        queue.sendAll(messages);
    }
}
