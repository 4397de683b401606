package org.devzone.bulletin.delivery;

import java.time.Instant;

/**
 * Not a failure: the delivery's robot may not take another message before {@code slot}. The delivery route hands the
 * claim back and the message returns to the queue at that time (the broker's scheduled delivery), keeping its slot.
 */
public final class DeliveryDeferred extends Exception {

    private final transient Pacer.Slot slot;

    public DeliveryDeferred(Pacer.Slot slot) {
        super("paced until " + Instant.ofEpochMilli(slot.at()) + " for " + slot.key(), null, false, false);
        this.slot = slot;
    }

    public Pacer.Slot slot() {
        return slot;
    }
}
