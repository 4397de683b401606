package org.devzone.bulletin;

import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.devzone.bulletin.bulletin.Cadence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a new urgent notice out at once: queuing it wakes the cadence's urgent sweep on a thread of its own, so the
 * person who queued it gets the answer without waiting for the sending. The urgent sweep's timer is the safety net.
 */
final class UrgentWake implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(UrgentWake.class);

    private final CamelContext context;
    private final ExecutorService thread;
    private final boolean enabled;
    private volatile Cadence cadence;

    UrgentWake(CamelContext context, ExecutorService thread, boolean enabled) {
        this.context = context;
        this.thread = thread;
        this.enabled = enabled;
    }

    /** The cadence whose urgent sweep it wakes (it is built after the notices that wake it). */
    void sweeps(Cadence cadence) {
        this.cadence = cadence;
    }

    @Override
    public void run() {
        if (!enabled) {
            return;
        }
        thread.execute(() -> {
            try {
                Cadence built = cadence;
                if (built != null && context.isStarted()) {
                    built.sweepUrgent();
                }
            } catch (RuntimeException e) {
                LOG.warn("Urgent notices could not go out at once; the next sweep tries again: {}", e.toString());
            }
        });
    }
}
