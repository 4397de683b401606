package org.devzone.bulletin.platform;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.camel.Exchange;

/**
 * Counts failed attempts (a forged receipt link, a wrong token) per client address and refuses a client that has
 * failed {@code limit} times within {@code window}, so tokens cannot be guessed by trying. Per process.
 */
public final class FailureLimiter {

    /** The header Camel's Vert.x HTTP server puts the peer's address in. */
    private static final String REMOTE_ADDRESS = "CamelVertxPlatformHttpRemoteAddress";
    private static final int MAX_CLIENTS = 100_000;

    private final int limit;
    private final long window;
    private final boolean trustForwardedFor;
    private final LongSupplier millis;
    private final Map<String, Deque<Long>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    public FailureLimiter(int limit, Duration window, boolean trustForwardedFor, LongSupplier millis) {
        this.limit = limit;
        this.window = window.toMillis();
        this.trustForwardedFor = trustForwardedFor;
        this.millis = millis;
    }

    /** The client's address: the peer, or the first X-Forwarded-For address behind a trusted proxy. */
    public String client(Exchange exchange) {
        if (trustForwardedFor) {
            String forwarded = exchange.getMessage().getHeader("X-Forwarded-For", String.class);
            if (forwarded != null && !forwarded.isBlank()) {
                return forwarded.split(",")[0].strip();
            }
        }
        Object remote = exchange.getMessage().getHeader(REMOTE_ADDRESS);
        if (remote == null) {
            return "unknown";
        }
        String text = remote.toString();
        int colon = text.lastIndexOf(':');
        return colon > 0 ? text.substring(0, colon) : text;
    }

    /** How long the client must wait before trying again; zero when it may try now. */
    public synchronized Duration blockedFor(String client) {
        Deque<Long> times = failures.get(client);
        if (times == null) {
            return Duration.ZERO;
        }
        long now = millis.getAsLong();
        while (!times.isEmpty() && times.peekFirst() <= now - window) {
            times.pollFirst();
        }
        if (times.size() < limit) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(times.peekFirst() + window - now);
    }

    public synchronized void failed(String client) {
        failures.computeIfAbsent(client, c -> new ArrayDeque<>()).addLast(millis.getAsLong());
        Deque<Long> times = failures.get(client);
        while (times.size() > limit) {
            times.pollFirst();
        }
    }
}
