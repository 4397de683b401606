package org.devzone.bulletin.platform;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Times in API answers: RFC 3339 with the office's offset, seconds always shown ({@code 2026-11-20T14:00:00+08:00}). */
public final class JsonTimes {

    private JsonTimes() {}

    /** To the second; null stays null. */
    public static String seconds(OffsetDateTime time) {
        return format(time, ChronoUnit.SECONDS);
    }

    /** To the millisecond (the delivery ledger's send times); null stays null. */
    public static String millis(OffsetDateTime time) {
        return format(time, ChronoUnit.MILLIS);
    }

    private static String format(OffsetDateTime time, ChronoUnit unit) {
        return time == null ? null : time.truncatedTo(unit).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
