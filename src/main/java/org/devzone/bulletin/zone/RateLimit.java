package org.devzone.bulletin.zone;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * At most {@code count} messages in any {@code window}, per robot: {@code 20/min}, {@code 5/s}, {@code 3/2s},
 * {@code 100/10min}, {@code 30/h}.
 */
public record RateLimit(int count, Duration window) {

    private static final Pattern TEXT = Pattern.compile("(\\d{1,6})\\s*/\\s*(\\d{0,6})\\s*(ms|s|min|h)");

    public RateLimit {
        if (count < 1) {
            throw new IllegalArgumentException("a rate limit allows at least one message");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate limit's window is positive");
        }
    }

    /** {@code 20/min} and the like; empty when the text is not a rate. */
    public static Optional<RateLimit> parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        int count = Integer.parseInt(m.group(1));
        long amount = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
        if (count < 1 || amount < 1) {
            return Optional.empty();
        }
        Duration window = switch (m.group(3)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "min" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        return Optional.of(new RateLimit(count, window));
    }

    @Override
    public String toString() {
        long ms = window.toMillis();
        if (ms % 3_600_000 == 0) {
            return count + "/" + (ms == 3_600_000 ? "" : ms / 3_600_000) + "h";
        }
        if (ms % 60_000 == 0) {
            return count + "/" + (ms == 60_000 ? "" : ms / 60_000) + "min";
        }
        if (ms % 1000 == 0) {
            return count + "/" + (ms == 1000 ? "" : ms / 1000) + "s";
        }
        return count + "/" + ms + "ms";
    }
}
