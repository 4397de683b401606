package org.devzone.bulletin.cadence;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * One firing of a slot on a date. {@code provisional} when the calendar data behind it is not official yet;
 * {@code note} says why it is not on its usual day (a holiday, a make-up working day), or is null.
 */
public record Occurrence(Slot slot, LocalDate date, LocalTime time, boolean provisional, String note) {

    public Occurrence {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(time, "time");
    }

    public ZonedDateTime at(ZoneId zone) {
        return ZonedDateTime.of(date, time, zone);
    }
}
