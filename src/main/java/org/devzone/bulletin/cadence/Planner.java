package org.devzone.bulletin.cadence;

import java.text.ParseException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import org.devzone.bulletin.calendar.CalendarDay;
import org.devzone.bulletin.calendar.WorkingCalendar;
import org.quartz.CronExpression;

/**
 * Works out when each slot fires on the official working calendar.
 *
 * <p>In each ISO week (Monday to Sunday) the working days are Monday to Friday minus official days off, plus
 * Saturdays and Sundays that are make-up working days. The first working day carries the first-working-day slots, the
 * last the last-working-day slots, and every working day strictly between them the middle slots. A week with one
 * working day fires first and last slots that day; a week with none fires nothing. Cron slots fire on their rule and
 * move (or skip) when that day is not a working day.
 */
public final class Planner {

    private final Schedule schedule;
    private final WorkingCalendar calendar;

    public Planner(Schedule schedule, WorkingCalendar calendar) {
        this.schedule = schedule;
        this.calendar = calendar;
    }

    public Schedule schedule() {
        return schedule;
    }

    public WorkingCalendar calendar() {
        return calendar;
    }

    /** The slot's next occurrence after {@code now}, looking six weeks ahead. */
    public Optional<Occurrence> next(String slotId, ZonedDateTime now) {
        ZoneId zone = schedule.timeZone();
        ZonedDateTime after = now.withZoneSameInstant(zone);
        return between(after.toLocalDate(), after.toLocalDate().plusWeeks(6)).stream()
                .filter(o -> o.slot().id().equals(slotId) && o.at(zone).isAfter(after))
                .findFirst();
    }

    /** Every occurrence with a date from {@code from} to {@code to} inclusive, in firing order. */
    public List<Occurrence> between(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to " + to + " is before from " + from);
        }
        List<Occurrence> occurrences = new ArrayList<>();
        for (LocalDate monday = from.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                !monday.isAfter(to);
                monday = monday.plusWeeks(1)) {
            for (Occurrence o : week(monday)) {
                if (!o.date().isBefore(from) && !o.date().isAfter(to)) {
                    occurrences.add(o);
                }
            }
        }
        for (Slot slot : schedule.slots()) {
            if (slot.cron() != null) {
                occurrences.addAll(cron(slot, from, to));
            }
        }
        occurrences.sort(Comparator.comparing(Occurrence::date)
                .thenComparing(Occurrence::time)
                .thenComparing(o -> anchorOrder(o.slot()))
                .thenComparing(o -> schedule.slots().indexOf(o.slot())));
        return occurrences;
    }

    /** The occurrence of a slot on a date, if the slot fires that day. */
    public Optional<Occurrence> on(Slot slot, LocalDate date) {
        return between(date, date).stream()
                .filter(o -> o.slot().id().equals(slot.id()))
                .findFirst();
    }

    /** The working days of the ISO week starting on {@code monday}, in order. */
    public List<LocalDate> workingDays(LocalDate monday) {
        List<LocalDate> working = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            if (calendar.isWorkingDay(monday.plusDays(i))) {
                working.add(monday.plusDays(i));
            }
        }
        return working;
    }

    private List<Occurrence> week(LocalDate monday) {
        List<LocalDate> working = workingDays(monday);
        List<Occurrence> occurrences = new ArrayList<>();
        if (working.isEmpty()) {
            return occurrences;
        }
        LocalDate first = working.get(0);
        LocalDate last = working.get(working.size() - 1);
        for (Slot slot : schedule.slots()) {
            if (slot.anchor() == null) {
                continue;
            }
            switch (slot.anchor()) {
                case FIRST_WORKING_DAY ->
                    occurrences.add(anchored(slot, first, monday, first, Set.of(DayOfWeek.MONDAY)));
                case LAST_WORKING_DAY ->
                    occurrences.add(anchored(slot, last, last, monday.plusDays(6), Set.of(DayOfWeek.FRIDAY)));
                case MIDDLE_WORKING_DAYS -> {
                    for (LocalDate day : working.subList(1, Math.max(1, working.size() - 1))) {
                        occurrences.add(anchored(
                                slot,
                                day,
                                monday,
                                monday.plusDays(6),
                                Set.of(DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY)));
                    }
                }
            }
        }
        return occurrences;
    }

    /**
     * An anchored occurrence on {@code date}; the days from {@code dependsFrom} to {@code dependsTo} decided it, so
     * it is provisional if any of them is, and the note names the days off and make-up days among them when the slot
     * is not on one of its usual weekdays.
     */
    private Occurrence anchored(
            Slot slot, LocalDate date, LocalDate dependsFrom, LocalDate dependsTo, Set<DayOfWeek> usual) {
        boolean provisional = false;
        List<CalendarDay> reasons = new ArrayList<>();
        for (LocalDate d = dependsFrom; !d.isAfter(dependsTo); d = d.plusDays(1)) {
            CalendarDay day = calendar.day(d);
            provisional |= !day.official();
            boolean weekday = d.getDayOfWeek().getValue() <= 5;
            if (day.kind() == CalendarDay.Kind.DAY_OFF && weekday || day.kind() == CalendarDay.Kind.MAKEUP_WORKDAY) {
                reasons.add(day);
            }
        }
        List<String> notes = new ArrayList<>();
        List<CalendarDay> movedBy = usual.contains(date.getDayOfWeek()) ? List.of() : reasons;
        if (!movedBy.isEmpty()) {
            notes.add(String.join(
                    "; ", movedBy.stream().map(CalendarDay::describe).toList()));
        }
        if (provisional) {
            notes.add(provisionalNote(dependsFrom, dependsTo));
        }
        return new Occurrence(
                slot, date, slot.at(), provisional, notes.isEmpty() ? null : String.join("; ", notes), movedBy);
    }

    private String provisionalNote(LocalDate from, LocalDate to) {
        return calendar.firstUncoveredYear(from, to)
                .map(WorkingCalendar::missingYear)
                .orElse("provisional");
    }

    private List<Occurrence> cron(Slot slot, LocalDate from, LocalDate to) {
        CronExpression expression;
        try {
            expression = new CronExpression(slot.cron());
        } catch (ParseException e) {
            throw new IllegalStateException("slot " + slot.id() + " has an invalid cron rule: " + e.getMessage(), e);
        }
        expression.setTimeZone(TimeZone.getTimeZone(schedule.timeZone()));
        List<Occurrence> occurrences = new ArrayList<>();
        // Fires up to two weeks either side can move into the range.
        ZonedDateTime cursor =
                from.minusWeeks(2).atStartOfDay(schedule.timeZone()).minusSeconds(1);
        ZonedDateTime end = to.plusWeeks(2).plusDays(1).atStartOfDay(schedule.timeZone());
        Set<LocalDate> taken = new LinkedHashSet<>();
        while (true) {
            Date next = expression.getNextValidTimeAfter(Date.from(cursor.toInstant()));
            if (next == null) {
                break;
            }
            cursor = ZonedDateTime.ofInstant(next.toInstant(), schedule.timeZone());
            if (!cursor.isBefore(end)) {
                break;
            }
            LocalDate planned = cursor.toLocalDate();
            LocalTime time = cursor.toLocalTime();
            CalendarDay day = calendar.day(planned);
            LocalDate date = planned;
            String note = null;
            List<CalendarDay> movedBy = List.of();
            if (!day.working()) {
                switch (slot.onDayOff()) {
                    case SKIP -> date = null;
                    case NEXT_WORKING_DAY -> date = step(planned, 1);
                    case PREVIOUS_WORKING_DAY -> date = step(planned, -1);
                }
                if (date != null) {
                    note = day.describe() + "; moved to the " + (date.isAfter(planned) ? "next" : "previous")
                            + " working day";
                    movedBy = List.of(day);
                }
            }
            if (date == null || date.isBefore(from) || date.isAfter(to) || !taken.add(date)) {
                continue;
            }
            boolean provisional =
                    !calendar.day(planned).official() || !calendar.day(date).official();
            if (provisional) {
                String missing =
                        WorkingCalendar.missingYear(calendar.day(date).official() ? planned.getYear() : date.getYear());
                note = note == null ? missing : note + "; " + missing;
            }
            occurrences.add(new Occurrence(slot, date, time, provisional, note, movedBy));
        }
        return occurrences;
    }

    private LocalDate step(LocalDate date, int direction) {
        LocalDate d = date.plusDays(direction);
        while (!calendar.isWorkingDay(d)) {
            d = d.plusDays(direction);
        }
        return d;
    }

    private static int anchorOrder(Slot slot) {
        if (slot.anchor() == null) {
            return 3;
        }
        return switch (slot.anchor()) {
            case FIRST_WORKING_DAY -> 0;
            case MIDDLE_WORKING_DAYS -> 1;
            case LAST_WORKING_DAY -> 2;
        };
    }
}
