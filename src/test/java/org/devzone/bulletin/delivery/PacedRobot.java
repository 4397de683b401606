package org.devzone.bulletin.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.devzone.bulletin.zone.ChannelDefinition;
import org.devzone.bulletin.zone.ChannelType;
import org.devzone.bulletin.zone.RateLimit;

/**
 * A WeCom robot that takes one message a minute, paced on a clock the test moves, and a delivery to it: what the
 * pacing tests share.
 */
final class PacedRobot {

    final AtomicLong millis = new AtomicLong(1_000_000);
    final Pacer pacer = new Pacer(millis::get, Duration.ZERO);
    /** Slots further off than 200 ms hand the delivery back to wait on the broker. */
    final PacedSending paced = new PacedSending(pacer, Duration.ofMillis(200), null, Clock.systemUTC());

    final ChannelDefinition robot = robot("wecom-a", 1);

    /** A WeCom robot of that name taking {@code perMinute} messages a minute. */
    static ChannelDefinition robot(String name, int perMinute) {
        return new ChannelDefinition(
                ChannelType.WECOM,
                name,
                "https://example.org/hook",
                Map.of(),
                List.of(),
                List.of(new RateLimit(perMinute, Duration.ofMinutes(1))));
    }

    /** A claimed delivery to {@code wecom-a} whose first {@code partsSent} parts already went out. */
    static Delivery delivery(int partsSent) {
        return new Delivery(
                "d-1",
                "b-1",
                "e-1",
                "dongzhou-etdz",
                "wecom",
                "wecom:wecom-a",
                Delivery.Status.SENDING,
                1,
                partsSent,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
