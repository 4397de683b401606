package org.devzone.bulletin.calendar;

import com.tyme.holiday.LegalHoliday;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * China's official working calendar: days off and make-up working days from the tyme4j library, overridden by the
 * holiday-cn files an admin adds. A year no source covers is assumed to be plain Monday to Friday, and its days are
 * marked unofficial so that plans on them are shown as provisional.
 */
public final class WorkingCalendar {

    private final Map<LocalDate, HolidayFile.Entry> fileDays = new HashMap<>();
    private final Set<Integer> fileYears = new HashSet<>();
    private final Map<Integer, Boolean> libraryYears = new ConcurrentHashMap<>();
    private final Map<LocalDate, CalendarDay> days = new ConcurrentHashMap<>();

    public WorkingCalendar(List<HolidayFile> files) {
        for (HolidayFile file : files) {
            fileYears.add(file.year());
            fileDays.putAll(file.days());
        }
    }

    public CalendarDay day(LocalDate date) {
        return days.computeIfAbsent(date, this::resolve);
    }

    public boolean isWorkingDay(LocalDate date) {
        return day(date).working();
    }

    /** Whether any source holds the official calendar of that year. */
    public boolean covers(int year) {
        return fileYears.contains(year) || libraryCovers(year);
    }

    /** The warning for a year without official data, naming the file that would fix it. */
    public static String missingYear(int year) {
        return "no official calendar for " + year + ": add config/holidays/" + year + ".json";
    }

    /** The first year at or after {@code from}'s that no source covers, if one starts before {@code to}. */
    public Optional<Integer> firstUncoveredYear(LocalDate from, LocalDate to) {
        for (int year = from.getYear(); year <= to.getYear(); year++) {
            if (!covers(year)) {
                return Optional.of(year);
            }
        }
        return Optional.empty();
    }

    private CalendarDay resolve(LocalDate date) {
        boolean weekend = date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
        HolidayFile.Entry fromFile = fileDays.get(date);
        if (fromFile != null) {
            return exception(date, fromFile.offDay(), fromFile.name(), weekend);
        }
        // A file for the date's year is the whole truth for that year: what it does not list is an ordinary day.
        if (!fileYears.contains(date.getYear())) {
            LegalHoliday holiday = LegalHoliday.fromYmd(date.getYear(), date.getMonthValue(), date.getDayOfMonth());
            if (holiday != null) {
                return exception(date, !holiday.isWork(), holiday.getName(), weekend);
            }
        }
        return new CalendarDay(date, weekend ? CalendarDay.Kind.WEEKEND : CalendarDay.Kind.WORKDAY, null,
                covers(date.getYear()));
    }

    private static CalendarDay exception(LocalDate date, boolean offDay, String name, boolean weekend) {
        if (offDay) {
            return new CalendarDay(date, CalendarDay.Kind.DAY_OFF, name, true);
        }
        return new CalendarDay(date, weekend ? CalendarDay.Kind.MAKEUP_WORKDAY : CalendarDay.Kind.WORKDAY, name, true);
    }

    private boolean libraryCovers(int year) {
        return libraryYears.computeIfAbsent(year, y -> {
            for (LocalDate d = LocalDate.of(y, 1, 1); d.getYear() == y; d = d.plusDays(1)) {
                if (LegalHoliday.fromYmd(y, d.getMonthValue(), d.getDayOfMonth()) != null) {
                    return true;
                }
            }
            return false;
        });
    }
}
