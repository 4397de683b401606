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
        Object remote = exchange.getMessage().getHeader(REMOTE_ADDRESS);
        String text = remote == null ? null : remote.toString();
        int colon = text == null ? -1 : text.lastIndexOf(':');
        return client(colon > 0 ? text.substring(0, colon) : text, HttpRequests.header(exchange, "X-Forwarded-For"));
    }

    /** The client's address from the peer's host and the request's X-Forwarded-For header (either may be null). */
    public String client(String peerHost, String forwardedFor) {
        if (trustForwardedFor && forwardedFor != null && !forwardedFor.isBlank()) {
            return forwardedFor.split(",")[0].strip();
        }
        return peerHost == null ? "unknown" : peerHost;
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
