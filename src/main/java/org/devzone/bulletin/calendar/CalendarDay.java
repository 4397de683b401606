package org.devzone.bulletin.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Objects;

/**
 * One date on the office's calendar. {@code official} is false for a date beyond every calendar source: its days off
 * are then predicted from the law, it has no make-up days, and anything planned on it is provisional.
 */
public record CalendarDay(LocalDate date, Kind kind, String holiday, boolean official) {

    /** What kind of day it is. */
    public enum Kind {
        WORKDAY,
        WEEKEND,
        /** An official day off on a weekday (or a holiday weekend day, named). */
        DAY_OFF,
        /** A Saturday or Sunday that is an official make-up working day (调休上班). */
        MAKEUP_WORKDAY
    }

    public CalendarDay {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(kind, "kind");
    }

    public boolean working() {
        return kind == Kind.WORKDAY || kind == Kind.MAKEUP_WORKDAY;
    }

    /** For notes in the preview: {@code Monday 2026-10-05 is 国庆节}. */
    public String describe() {
        String day = weekday(date) + " " + date;
        return switch (kind) {
            case DAY_OFF -> day + " is " + holiday + (official ? "" : " (predicted from the law; no notice yet)");
            case MAKEUP_WORKDAY -> day + " is a make-up working day (" + holiday + ")";
            case WEEKEND -> day + " is a weekend day";
            case WORKDAY -> day + " is a working day";
        };
    }

    /** For staff's pages: {@code 10-05（周一）国庆节放假}, {@code 10-10（周六）调休上班}. */
    public String describeChinese() {
        String day = date.toString().substring(5) + "（"
                + date.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.CHINA) + "）";
        return switch (kind) {
            case DAY_OFF -> day + (holiday == null ? "" : holiday) + "放假" + (official ? "" : "（按法定假日推算，尚无国务院通知）");
            case MAKEUP_WORKDAY -> day + "调休上班";
            case WEEKEND -> day + "周末";
            case WORKDAY -> day + "工作日";
        };
    }

    public static String weekday(LocalDate date) {
        DayOfWeek day = date.getDayOfWeek();
        return day.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }
}
