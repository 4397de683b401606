package org.devzone.bulletin.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.ToDoubleFunction;

/**
 * The dispatcher's own Prometheus metrics (next to Camel's), scraped on the management port at
 * {@code /observe/metrics}: notices queued, bulletins fired, delivery outcomes by channel, send latency, queue depth.
 */
public final class Metrics {

    private final MeterRegistry registry;

    public Metrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A notice stored from REST, JMS or email. */
    public void noticeQueued(String source) {
        Counter.builder("bulletin_notices_queued")
                .description("Notices queued, by where they came from")
                .tag("source", source)
                .register(registry)
                .increment();
    }

    /** The cadence looked for what is due, on this node (with several nodes, one of them per tick). */
    public void cadenceTick() {
        Counter.builder("bulletin_cadence_ticks")
                .description("Times this node's cadence looked for what is due")
                .register(registry)
                .increment();
    }

    public void bulletinFired(String slot, String kind) {
        Counter.builder("bulletin_bulletins_fired")
                .description("Bulletins published, by slot and kind")
                .tag("slot", slot)
                .tag("kind", kind)
                .register(registry)
                .increment();
    }

    /** A delivery reached {@code status} (sent, retrying, dead, deferred) on {@code channel}. */
    public void delivery(String channel, String status) {
        Counter.builder("bulletin_deliveries")
                .description("Delivery outcomes, by channel and status")
                .tag("channel", channel)
                .tag("status", status)
                .register(registry)
                .increment();
    }

    /** How long a delivery took from its claim to the provider's acceptance. */
    public void sendTime(String channel, Duration took) {
        Timer.builder("bulletin_delivery_send")
                .description("Time to send one delivery, by channel")
                .tag("channel", channel)
                .publishPercentileHistogram(false)
                .register(registry)
                .record(took);
    }

    /** A gauge read when scraped, such as a queue's depth. */
    public <T> void gauge(
            String name, String description, String tag, String value, T source, ToDoubleFunction<T> read) {
        Gauge.builder(name, source, read)
                .description(description)
                .tag(tag, value)
                .register(registry);
    }
}
