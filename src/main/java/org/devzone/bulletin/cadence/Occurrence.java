package org.devzone.bulletin.cadence;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.devzone.bulletin.calendar.CalendarDay;

/**
 * One firing of a slot on a date. {@code provisional} when the calendar data behind it is not official yet;
 * {@code note} says why it is not on its usual day (a holiday, a make-up working day), or is null; {@code movedBy}
 * lists those days (empty when it is on its usual day).
 */
public record Occurrence(
        Slot slot, LocalDate date, LocalTime time, boolean provisional, String note, List<CalendarDay> movedBy) {

    public Occurrence {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(time, "time");
        movedBy = List.copyOf(movedBy);
    }

    /** Moved off its usual day by a holiday or a make-up working day. */
    public boolean moved() {
        return !movedBy.isEmpty();
    }

    /** When it goes out, as staff read it: {@code 2026-11-24（周二）10:00}. */
    public String whenInChinese() {
        return date + "（" + date.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.CHINA) + "）" + time;
    }

    public ZonedDateTime at(ZoneId zone) {
        return ZonedDateTime.of(date, time, zone);
    }
}
