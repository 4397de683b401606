package org.devzone.bulletin.cadence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.devzone.bulletin.calendar.WorkingCalendar;

/** What the schedule will do between two dates, as JSON rows or as a table for the admin's terminal. */
public final class SchedulePreview {

    /** Longest range one preview covers. */
    public static final int MAX_DAYS = 3 * 366;

    private final Planner planner;
    private final LocalDate from;
    private final LocalDate to;
    private final List<Occurrence> occurrences;

    public SchedulePreview(Planner planner, LocalDate from, LocalDate to) {
        if (to.isBefore(from) || to.toEpochDay() - from.toEpochDay() >= MAX_DAYS) {
            throw new IllegalArgumentException("the range must run forward and cover at most " + MAX_DAYS + " days");
        }
        this.planner = planner;
        this.from = from;
        this.to = to;
        this.occurrences = planner.between(from, to);
    }

    public List<Occurrence> occurrences() {
        return occurrences;
    }

    /** {@code {"slot", "date", "time", "provisional", "note"}} per occurrence. */
    public ArrayNode json(ObjectMapper mapper) {
        ArrayNode rows = mapper.createArrayNode();
        for (Occurrence o : occurrences) {
            ObjectNode row = rows.addObject();
            row.put("slot", o.slot().id());
            row.put("date", o.date().toString());
            row.put("time", o.time().toString());
            row.put("provisional", o.provisional());
            row.put("note", o.note());
        }
        return rows;
    }

    /** Warnings for the whole range: years planned without official calendar data. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        WorkingCalendar calendar = planner.calendar();
        for (int year = from.getYear(); year <= to.getYear(); year++) {
            if (!calendar.covers(year)) {
                warnings.add(WorkingCalendar.missingYear(year) + "; until then its occurrences are planned on the"
                        + " predicted days off, without make-up days, and marked provisional");
            }
        }
        return warnings;
    }

    public String table() {
        StringBuilder out = new StringBuilder();
        warnings().forEach(w -> out.append("WARNING: ").append(w).append('\n'));
        out.append(String.format("%-10s  %-3s  %-5s  %-20s  %s%n", "date", "day", "time", "slot", "note"));
        for (LocalDate monday = from.with(DayOfWeek.MONDAY); !monday.isAfter(to); monday = monday.plusWeeks(1)) {
            if (planner.workingDays(monday).isEmpty()) {
                out.append(String.format("(week of %s has no working day: nothing fires, notices wait)%n", monday));
            }
            for (Occurrence o : occurrences) {
                if (!o.date().isBefore(monday) && o.date().isBefore(monday.plusWeeks(1))) {
                    out.append(String.format(
                            "%-10s  %-3s  %-5s  %-20s  %s%n",
                            o.date(),
                            o.date().getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH),
                            o.time(),
                            o.slot().id() + (o.provisional() ? " *" : ""),
                            Optional.ofNullable(o.note()).orElse("")));
                }
            }
        }
        out.append(occurrences.size()).append(" occurrence(s)");
        if (occurrences.stream().anyMatch(Occurrence::provisional)) {
            out.append("; * provisional: no official calendar yet");
        }
        out.append('\n');
        return out.toString();
    }
}
