package org.devzone.bulletin.bulletin;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Set;
import org.devzone.bulletin.cadence.Occurrence;
import org.devzone.bulletin.cadence.Planner;
import org.devzone.bulletin.cadence.Schedule;
import org.devzone.bulletin.cadence.ScheduleRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires what is due. A Quartz trigger calls {@link #tick()} every minute, and the dispatcher once at start: every
 * occurrence whose time has come and that has no bulletin yet is fired, or, if it passed longer ago than the
 * schedule's catch-up allows, recorded as missed. Firing is idempotent, so overlapping or repeated ticks, restarts
 * and several nodes still give one bulletin per occurrence.
 */
public final class Cadence {

    private static final Logger LOG = LoggerFactory.getLogger(Cadence.class);
    /** How far back a start looks for occurrences it missed. */
    private static final int LOOK_BACK_DAYS = 31;
    /** A fire this late after its time is reported as a catch-up rather than on schedule. */
    private static final Duration ON_TIME = Duration.ofMinutes(2);
    /** How long a node goes without a tick before it ticks by itself. */
    private static final Duration QUIET = Duration.ofMinutes(3);

    private final ScheduleRuntime runtime;
    private final CadenceCheckpoint checkpoint;
    private final BulletinService bulletins;
    private final BulletinStore store;
    private final Clock clock;
    /** Occurrences of the current day already fired or recorded, so a tick does not ask the database again. */
    private final Set<String> settled = new HashSet<>();

    private LocalDate checkedUpTo;
    private Runnable ticked = () -> {};
    private volatile long lastTickNanos = System.nanoTime();

    /** Told of every tick (for the ticks metric). */
    public void onTick(Runnable listener) {
        this.ticked = listener;
    }

    public Cadence(
            ScheduleRuntime runtime,
            BulletinService bulletins,
            BulletinStore store,
            CadenceCheckpoint checkpoint,
            Clock clock) {
        this.checkpoint = checkpoint;
        this.runtime = runtime;
        this.bulletins = bulletins;
        this.store = store;
        this.clock = clock;
    }

    /** At start: publish what a crash left assembled, then catch up. */
    public synchronized void start() {
        bulletins.publishPending();
        tick();
    }

    public synchronized void tick() {
        lastTickNanos = System.nanoTime();
        ticked.run();
        Planner planner = runtime.planner();
        Schedule schedule = planner.schedule();
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(schedule.timeZone()));
        LocalDate today = now.toLocalDate();
        if (checkedUpTo != null && !checkedUpTo.equals(today)) {
            settled.clear(); // a new day: yesterday's occurrences are checked once more against the database
        }
        // After a restart, look back to where the last run stopped looking (at most a month); a new install starts
        // today.
        LocalDate from = checkedUpTo != null
                ? checkedUpTo
                : checkpoint
                        .checkpoint()
                        .map(t -> t.toLocalDate())
                        .filter(d -> !d.isBefore(today.minusDays(LOOK_BACK_DAYS)))
                        .orElse(today);
        if (from.isAfter(today)) {
            from = today;
        }
        for (Occurrence occurrence : planner.between(from, today)) {
            String key = Bulletin.occurrenceKey(occurrence.slot().id(), occurrence.date());
            if (occurrence.at(schedule.timeZone()).isAfter(now) || settled.contains(key)) {
                continue;
            }
            if (!store.exists(key)) {
                if (schedule.catchesUp(occurrence, now)) {
                    boolean late =
                            occurrence.at(schedule.timeZone()).plus(ON_TIME).isBefore(now);
                    bulletins.fire(occurrence, late ? "catch-up" : "schedule");
                } else {
                    store.recordMissed(
                            key,
                            occurrence.slot().id(),
                            occurrence.date(),
                            occurrence.provisional(),
                            now.toOffsetDateTime());
                    LOG.warn(
                            "Missed {} on {} {}: the dispatcher was not running; its notices wait for the next occurrence",
                            occurrence.slot().id(),
                            occurrence.date(),
                            occurrence.time());
                }
            }
            settled.add(key);
        }
        checkedUpTo = today;
        checkpoint.saveCheckpoint(now.toOffsetDateTime());
    }

    /**
     * A safety net under the scheduler: when this node has not ticked for three minutes (its trigger did not come,
     * or with several nodes another node has them), it ticks itself. Ticking is idempotent, so an extra tick costs a
     * few queries and never a second bulletin.
     */
    public void tickIfQuiet() {
        long silentFor = System.nanoTime() - lastTickNanos;
        if (silentFor > QUIET.toNanos()) {
            LOG.debug(
                    "No tick for {} s on this node: ticking",
                    Duration.ofNanos(silentFor).toSeconds());
            tick();
        }
    }

    /**
     * Urgent notices bypass the cadence: each becomes a bulletin of its own at once. Called every few seconds and
     * whenever an urgent notice arrives; one sweep at a time on a node (across nodes, the ledger keeps one bulletin per
     * notice).
     */
    public synchronized void sweepUrgent() {
        bulletins.fireUrgent();
    }
}
