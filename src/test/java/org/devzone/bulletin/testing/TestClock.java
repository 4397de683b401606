package org.devzone.bulletin.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the test moves: the dispatcher's "now" for replaying a year of cadence in milliseconds. Tests speak in
 * the office's (Shanghai) time; the clock itself is in UTC, as a server's system clock usually is, so a time shown
 * in the wrong zone shows in a test.
 */
public final class TestClock extends Clock {

    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public TestClock(LocalDateTime shanghaiTime) {
        this(new AtomicReference<>(shanghaiTime.atZone(SHANGHAI).toInstant()), ZoneOffset.UTC);
    }

    private TestClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    public void set(LocalDateTime shanghaiTime) {
        now.set(shanghaiTime.atZone(SHANGHAI).toInstant());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same moving time seen from another zone (not a snapshot: it moves when this clock is set). */
    @Override
    public Clock withZone(ZoneId zone) {
        return new TestClock(now, zone);
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
