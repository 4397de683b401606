package org.devzone.bulletin.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test moves: the dispatcher's "now" for replaying a year of cadence in milliseconds. */
public final class TestClock extends Clock {

    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private final AtomicReference<Instant> now;

    public TestClock(LocalDateTime shanghaiTime) {
        this.now = new AtomicReference<>(shanghaiTime.atZone(SHANGHAI).toInstant());
    }

    public void set(LocalDateTime shanghaiTime) {
        now.set(shanghaiTime.atZone(SHANGHAI).toInstant());
    }

    @Override
    public ZoneId getZone() {
        return SHANGHAI;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
