package org.devzone.bulletin.delivery;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sends given-up deliveries (or, asked for {@code retrying}, stuck ones) again: back to pending with a fresh count of
 * attempts, and on the queue. Sent deliveries are never sent again. The API and the desk both re-drive through it.
 */
public final class Redrive {

    private final DeliveryStore store;
    private final Consumer<String> queue;
    private final Clock clock;

    /** @param queue puts a delivery (its id) on the deliveries queue */
    public Redrive(DeliveryStore store, Consumer<String> queue, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.clock = clock;
    }

    /** Null filters match everything; answers how many deliveries went back on the queue. */
    public int redrive(String bulletinId, String channel, Delivery.Status status) {
        List<String> ids = store.redrive(bulletinId, channel, status, OffsetDateTime.now(clock));
        ids.forEach(queue);
        return ids.size();
    }
}
