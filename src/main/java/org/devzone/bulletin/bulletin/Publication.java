package org.devzone.bulletin.bulletin;

import java.util.List;

/**
 * The hand-over of a published bulletin to what comes after it: the fan-out of its deliveries, the staff reports it
 * starts, the counters. The bulletin feature knows only this port; the features after it implement it, and the
 * dispatcher's wiring lists them in order.
 */
@FunctionalInterface
public interface Publication {

    /**
     * Editions of a bulletin being published were written: a chunk at a time while the next are written (so that the
     * first deliveries leave early), or all at once when publishing is finished after a restart, which may hand over
     * again editions handed over before it. Each edition is handed over before {@link #published}.
     *
     * @param bulletin the bulletin, without its editions
     */
    default void editions(Bulletin bulletin, List<Bulletin.Edition> editions) {}

    /** A bulletin was published (once, whichever node or restart published it); its editions were handed over. */
    void published(Bulletin bulletin);
}
