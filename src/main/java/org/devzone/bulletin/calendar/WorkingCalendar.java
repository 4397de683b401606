package org.devzone.bulletin.calendar;

import com.tyme.holiday.LegalHoliday;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * China's official working calendar: days off and make-up working days from the tyme4j library, overridden by the
 * holiday-cn files an admin adds (or imports from the State Council's notice). A year no source covers gets the
 * statutory days off predicted by {@link StatutoryHolidays} and no make-up days; its days are marked unofficial, so
 * plans on them are shown as provisional.
 */
public final class WorkingCalendar {

    private final Map<LocalDate, HolidayFile.Entry> fileDays = new HashMap<>();
    private final Set<Integer> fileYears = new HashSet<>();
    private final Map<Integer, Boolean> libraryYears = new ConcurrentHashMap<>();
    private final Map<LocalDate, CalendarDay> days = new ConcurrentHashMap<>();
    private final Map<Integer, Map<LocalDate, String>> predictedYears = new ConcurrentHashMap<>();

    private final Map<Integer, String> fileSources = new HashMap<>();

    public WorkingCalendar(List<HolidayFile> files) {
        for (HolidayFile file : files) {
            fileYears.add(file.year());
            fileDays.putAll(file.days());
            fileSources.put(file.year(), file.source());
        }
    }

    /** Where each year's calendar comes from: a file, the library, or (no notice yet) the law; in English. */
    public List<String> standing(int fromYear, int toYear) {
        List<String> years = new ArrayList<>();
        for (int year = fromYear; year <= toYear; year++) {
            years.add(year + ": "
                    + (fileYears.contains(year)
                            ? "official, from " + fileSources.get(year)
                            : libraryCovers(year)
                                    ? "official, from the tyme4j library"
                                    : "predicted from the law (no State Council notice imported)"));
        }
        return years;
    }

    /** The same for staff's pages, in Chinese. */
    public List<String> standingChinese(int fromYear, int toYear) {
        List<String> years = new ArrayList<>();
        for (int year = fromYear; year <= toYear; year++) {
            years.add(year + " 年："
                    + (fileYears.contains(year)
                            ? "官方安排（导入的文件 " + fileSources.get(year) + "）"
                            : libraryCovers(year) ? "官方安排（程序内置数据）" : "按法定假日推算（尚未导入国务院通知，暂定）"));
        }
        return years;
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

    /** The warning for a year without official data, naming the command that fixes it. */
    public static String missingYear(int year) {
        return "no official calendar for " + year + ": its days off are predicted from the law until the State"
                + " Council's notice is imported (holidays import notice-" + year
                + ".txt, which writes config/holidays/"
                + year + ".json)";
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
        if (!covers(date.getYear())) {
            // No notice yet: the statutory days off, predicted (a late-December day may belong to next year's 元旦).
            String festival = predicted(date.getYear())
                    .getOrDefault(date, predicted(date.getYear() + 1).get(date));
            if (festival != null) {
                return new CalendarDay(date, CalendarDay.Kind.DAY_OFF, festival, false);
            }
        }
        return new CalendarDay(
                date, weekend ? CalendarDay.Kind.WEEKEND : CalendarDay.Kind.WORKDAY, null, covers(date.getYear()));
    }

    private Map<LocalDate, String> predicted(int year) {
        return predictedYears.computeIfAbsent(year, StatutoryHolidays::of);
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
