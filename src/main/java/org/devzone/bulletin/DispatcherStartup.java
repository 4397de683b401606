package org.devzone.bulletin;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.devzone.bulletin.access.UnmatchedRequests;
import org.devzone.bulletin.bulletin.BulletinService;
import org.devzone.bulletin.bulletin.Cadence;
import org.devzone.bulletin.delivery.DeliverySweep;
import org.devzone.bulletin.platform.HealthEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens once every route runs: the HTTP fallbacks and health answer, the start line, deliveries a stopped
 * process left are taken back, and the cadence starts (catching up what it missed), or, when it is off, only what a
 * crash left assembled goes out.
 */
final class DispatcherStartup implements ExtendedStartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(DispatcherStartup.class);

    /** The management port's health answer, when management is on. */
    record Management(HealthEndpoint health, int port, String path) {}

    private final String startLine;
    private final UnmatchedRequests unmatched;
    private final int httpPort;
    private final Management management;
    private final DeliverySweep deliverySweep;
    private final Cadence cadence;
    private final BulletinService bulletins;

    /**
     * @param management null when management is off
     * @param cadence null when the cadence is off
     */
    DispatcherStartup(
            String startLine,
            UnmatchedRequests unmatched,
            int httpPort,
            Management management,
            DeliverySweep deliverySweep,
            Cadence cadence,
            BulletinService bulletins) {
        this.startLine = startLine;
        this.unmatched = unmatched;
        this.httpPort = httpPort;
        this.management = management;
        this.deliverySweep = deliverySweep;
        this.cadence = cadence;
        this.bulletins = bulletins;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {}

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        unmatched.install(context, httpPort);
        if (management != null) {
            management.health().install(context, management.port(), management.path());
        }
        LOG.info(startLine);
        deliverySweep.recover();
        if (cadence != null) {
            cadence.start();
        } else {
            // Off means off: no scheduled firing and no catch-up; what a crash left assembled still goes out.
            bulletins.publishPending();
            LOG.warn("The cadence is off (dispatcher.cadence.enabled=false): no slot fires on schedule or catches up;"
                    + " fire them by hand");
        }
    }
}
