package org.devzone.bulletin.bulletin;

/**
 * The hand-over of a published bulletin to what comes after it: the fan-out of its deliveries, the staff reports it
 * starts, the counters. The bulletin feature knows only this port; the features after it implement it, and the
 * dispatcher's wiring lists them in order.
 */
@FunctionalInterface
public interface Publication {

    /** A bulletin was published (once, whichever node or restart published it). */
    void published(Bulletin bulletin);
}
