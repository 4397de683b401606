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
 * the zone has, recorded in the ledger first, then each put on the deliveries queue. Doing it
 * again records nothing new.
 */
public final class Fanout {


    private final DeliveryStore store;
    private final ZoneDirectory zones;
    private final DeliveryQueue queue;
    private final Clock clock;

    /** @param queue the deliveries queue */
    public Fanout(DeliveryStore store, ZoneDirectory zones, DeliveryQueue queue, Clock clock) {
        this.store = store;
        this.zones = zones;
        this.queue = queue;
        this.clock = clock;
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
        for (int i = 0; i < ids.size(); i++) {
            DeliveryStore.Planned p = planned.get(i);
            queue.send(DeliveryWorker.payload(ids.get(i)), DeliveryQueue.group(p.channel(), p.address()), 0);
        }
    }
}
