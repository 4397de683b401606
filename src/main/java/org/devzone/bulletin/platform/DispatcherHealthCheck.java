package org.devzone.bulletin.platform;

import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A health check of the dispatcher's (group {@code bulletin}). None decides liveness (a restart mends none of what
 * they watch); a readiness check takes the dispatcher out of service while it is DOWN, an informational one is only
 * shown in the full report.
 */
public abstract class DispatcherHealthCheck extends AbstractHealthCheck {

    private final boolean readiness;

    protected DispatcherHealthCheck(String id, boolean readiness) {
        super("bulletin", id);
        this.readiness = readiness;
    }

    @Override
    public boolean isReadiness() {
        return readiness;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }
}
