package org.devzone.bulletin;

import org.apache.camel.support.service.ServiceSupport;

/** Closes a resource when Camel stops, after the routes. */
final class Closing extends ServiceSupport {
    private final AutoCloseable resource;

    Closing(AutoCloseable resource) {
        this.resource = resource;
    }

    @Override
    protected void doStop() throws Exception {
        resource.close();
    }
}
