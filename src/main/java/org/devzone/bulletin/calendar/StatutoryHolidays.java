package org.devzone.bulletin.calendar;

import com.tyme.lunar.LunarDay;
import com.tyme.solar.SolarDay;
import com.tyme.solar.SolarTerm;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * The days off of a year whose State Council notice is not out yet, predicted from the law
 * (《全国年节及纪念日放假办法》, as amended in November 2024) and the principles the 2025 notice states: 春节 8 days
 * from 除夕; 劳动节 1 to 5 May; 国庆节 1 to 7 October, or to the 8th when 中秋节 falls in that week; 元旦, 清明节, 端午节
 * and 中秋节 three days joined to the weekend, or the day alone when it is a Wednesday. Make-up working days cannot be
 * known before the notice and are never invented: the weekends stay weekends. Everything predicted is provisional.
 */
final class StatutoryHolidays {

    private StatutoryHolidays() {}

    /** Predicted days off of {@code year}, with their festival's name. */
    static Map<LocalDate, String> of(int year) {
        Map<LocalDate, String> days = new TreeMap<>();
        LocalDate newYear = LocalDate.of(year, 1, 1);
        around(days, newYear, "元旦");
        LocalDate eve = date(year, LunarDay.fromYmd(year, 1, 1).getSolarDay()).minusDays(1);
        range(days, eve, 8, "春节");
        around(days, date(year, SolarTerm.fromName(year, "清明").getSolarDay()), "清明节");
        range(days, LocalDate.of(year, 5, 1), 5, "劳动节");
        around(days, date(year, LunarDay.fromYmd(year, 5, 5).getSolarDay()), "端午节");
        LocalDate midAutumn = date(year, LunarDay.fromYmd(year, 8, 15).getSolarDay());
        LocalDate national = LocalDate.of(year, 10, 1);
        if (!midAutumn.isBefore(national) && midAutumn.isBefore(national.plusDays(8))) {
            range(days, national, 8, "国庆中秋");
        } else {
            around(days, midAutumn, "中秋节");
            range(days, national, 7, "国庆节");
        }
        days.keySet().removeIf(d -> d.getYear() != year && !(d.getYear() == year - 1 && d.getMonthValue() == 12));
        return days;
    }

    /** Three days joined to the weekend (Thursday to Saturday, Saturday to Monday...), or a Wednesday alone. */
    private static void around(Map<LocalDate, String> days, LocalDate day, String name) {
        LocalDate first = switch (day.getDayOfWeek()) {
            case MONDAY, TUESDAY -> day.minusDays(2);
            case SUNDAY -> day.minusDays(1);
            default -> day;
        };
        range(days, first, day.getDayOfWeek() == DayOfWeek.WEDNESDAY ? 1 : 3, name);
    }

    private static void range(Map<LocalDate, String> days, LocalDate first, int count, String name) {
        for (int i = 0; i < count; i++) {
            days.putIfAbsent(first.plusDays(i), name);
        }
    }

    private static LocalDate date(int year, SolarDay day) {
        return LocalDate.of(year, 1, 1).plusDays(day.subtract(SolarDay.fromYmd(year, 1, 1)));
    }
}
