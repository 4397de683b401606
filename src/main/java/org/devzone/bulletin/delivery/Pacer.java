package org.devzone.bulletin.delivery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.devzone.bulletin.zone.RateLimit;

/**
 * Keeps each robot within its rate limits, each robot on its own so that a busy one holds up no other.
 *
 * <p>Two steps per message. {@link #reserve} plans: it hands out the earliest slot at which the message, after those
 * planned before it, keeps every window of every limit within its count, so a delivery knows at once whether to send
 * now, wait a moment, or come back later. {@link #start} guards, right before the request leaves: it counts the
 * messages that really went out in the trailing window of each limit and answers how much longer to wait if one more
 * would be too many. Because every message passes that check against actual send times, no window of any limit ever
 * holds more than its count, however late a planned message turned out to be; this holds whether the provider counts
 * in fixed or sliding windows. A message counts from when its request {@link #finished} (the provider had it by then),
 * not from when it left: on a loaded machine a request can take a while to reach the provider, and the next one,
 * leaving a window after the first left, could otherwise arrive within the window. A {@code margin} is added to every
 * window besides.
 *
 * <p>Times are wall-clock milliseconds (not the business clock, which tests freeze): providers count in real time.
 * State is per process. With several nodes the limit still holds for the robot as a whole: its messages travel in its
 * JMS message group ({@link DeliveryQueue}), which the broker hands to one consumer at a time.
 */
public final class Pacer {

    /** A planned moment to send to a robot; {@code ticket} tells reservations at the same moment apart. */
    public record Slot(String key, long at, long ticket) {}

    /** How long a reservation is kept for a deferred message to redeem, beyond the robot's longest window. */
    private static final long KEEP_UNREDEEMED = Duration.ofMinutes(15).toMillis();

    private final LongSupplier millis;
    private final long margin;
    private final Map<String, Robot> robots = new HashMap<>();
    private long tickets;

    private static final class Planned {
        final long ticket;
        long at;
        long sent = -1;

        Planned(long ticket, long at) {
            this.ticket = ticket;
            this.at = at;
        }

        long effective() {
            return sent >= 0 ? sent : at;
        }
    }

    /** When a message went out: when it left, then (once its answer came) when the provider surely had it. */
    private static final class Sent {
        long at;

        Sent(long at) {
            this.at = at;
        }
    }

    private static final class Robot {
        /** Reservations in the order they were made. */
        final List<Planned> planned = new ArrayList<>();
        /** When messages really went out, in the order they left. */
        final Deque<Sent> sent = new ArrayDeque<>();
        /** The messages on their way, by ticket. */
        final Map<Long, Sent> inFlight = new HashMap<>();

        long closedUntil;
    }

    /**
     * @param millis the wall clock, in milliseconds
     * @param margin added to every window
     */
    public Pacer(LongSupplier millis, Duration margin) {
        this.millis = millis;
        this.margin = margin.toMillis();
        // Tickets of an earlier run (carried by deferred messages) never match this run's.
        this.tickets = millis.getAsLong() * 1000;
    }

    public long now() {
        return millis.getAsLong();
    }

    /** Plans the next message to the robot {@code key}; without limits that is now. */
    public synchronized Slot reserve(String key, List<RateLimit> limits) {
        long now = now();
        long ticket = ++tickets;
        if (limits.isEmpty()) {
            return new Slot(key, now, ticket);
        }
        Robot robot = robot(key, limits, now);
        long at = Math.max(now, robot.closedUntil);
        List<Planned> planned = robot.planned;
        if (!planned.isEmpty()) {
            at = Math.max(at, planned.get(planned.size() - 1).effective());
        }
        for (RateLimit limit : limits) {
            if (planned.size() >= limit.count()) {
                // The count-th most recent message must have left the window by then.
                at = Math.max(at, planned.get(planned.size() - limit.count()).effective() + window(limit));
            }
        }
        planned.add(new Planned(ticket, at));
        return new Slot(key, at, ticket);
    }

    /**
     * Whether a slot reserved earlier (and carried by a deferred message) is still held: false after a restart or on
     * another node, or when the robot was paused since; then the message must reserve again.
     */
    public synchronized boolean redeem(Slot slot) {
        Robot robot = robots.get(slot.key());
        return robot != null && slot.at() >= robot.closedUntil && find(robot, slot.ticket()) != null;
    }

    /**
     * Right before sending: 0 when the message may leave now (it is then counted as sent), else how many more
     * milliseconds to wait because of what really went out meanwhile.
     */
    public synchronized long start(Slot slot, List<RateLimit> limits) {
        if (limits.isEmpty()) {
            return 0;
        }
        long now = now();
        Robot robot = robot(slot.key(), limits, now);
        long clear = robot.closedUntil;
        long[] sent = robot.sent.stream().mapToLong(m -> m.at).sorted().toArray();
        for (RateLimit limit : limits) {
            if (sent.length >= limit.count()) {
                clear = Math.max(clear, sent[sent.length - limit.count()] + window(limit));
            }
        }
        if (clear > now) {
            return clear - now;
        }
        Sent going = new Sent(now);
        robot.sent.addLast(going);
        robot.inFlight.put(slot.ticket(), going);
        Planned planned = find(robot, slot.ticket());
        if (planned != null) {
            planned.sent = now;
        }
        return 0;
    }

    /**
     * The request of a message {@link #start}ed with this slot has been answered (or failed): from now on it counts as
     * received by the provider now, which is as late as it can have arrived.
     */
    public synchronized void finished(Slot slot) {
        Robot robot = robots.get(slot.key());
        Sent sent = robot == null ? null : robot.inFlight.remove(slot.ticket());
        if (sent != null) {
            sent.at = Math.max(sent.at, now());
            for (Planned p : robot.planned) {
                if (p.ticket == slot.ticket()) {
                    p.sent = sent.at;
                }
            }
        }
    }

    /**
     * Moves a reservation {@code millis} later, keeping its place among the robot's reservations (a reservation given up
     * is made anew). Answers the slot to wait for.
     */
    public synchronized Slot postpone(Slot slot, long millis) {
        long at = now() + millis;
        Robot robot = robots.get(slot.key());
        Planned planned = robot == null ? null : find(robot, slot.ticket());
        if (planned == null) {
            long ticket = ++tickets;
            robots.computeIfAbsent(slot.key(), k -> new Robot()).planned.add(new Planned(ticket, at));
            return new Slot(slot.key(), at, ticket);
        }
        planned.at = Math.max(planned.at, at);
        return new Slot(slot.key(), planned.at, slot.ticket());
    }

    /** Gives a reservation up (the message will reserve again). */
    public synchronized void cancel(Slot slot) {
        Robot robot = robots.get(slot.key());
        if (robot != null) {
            robot.planned.removeIf(p -> p.ticket == slot.ticket() && p.sent < 0);
        }
    }

    /** The robot refused us for sending too fast: nothing more goes to it for {@code pause}. */
    public synchronized void pause(String key, Duration pause) {
        Robot robot = robots.computeIfAbsent(key, k -> new Robot());
        robot.closedUntil = Math.max(robot.closedUntil, now() + pause.toMillis());
    }

    private long window(RateLimit limit) {
        return limit.window().toMillis() + margin;
    }

    /** The robot's state, with what can no longer constrain anything dropped. */
    private Robot robot(String key, List<RateLimit> limits, long now) {
        Robot robot = robots.computeIfAbsent(key, k -> new Robot());
        long longest = limits.stream().mapToLong(this::window).max().orElse(0);
        robot.sent.removeIf(m -> m.at < now - longest && !robot.inFlight.containsValue(m));
        robot.planned.removeIf(p -> p.sent >= 0 ? p.sent < now - longest : p.at < now - longest - KEEP_UNREDEEMED);
        return robot;
    }

    private static Planned find(Robot robot, long ticket) {
        for (Planned p : robot.planned) {
            if (p.ticket == ticket) {
                return p.sent < 0 ? p : null;
            }
        }
        return null;
    }
}
