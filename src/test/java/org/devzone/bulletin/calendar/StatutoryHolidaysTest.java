package org.devzone.bulletin.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import com.tyme.holiday.LegalHoliday;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The days off predicted for a year without a notice, measured against the years whose notices are out. */
class StatutoryHolidaysTest {

    /**
     * Against the published 2025 and 2026 notices: the weekdays predicted off are exactly the weekdays that were off
     * (18 and 19). Weekends are off anyway; the make-up Saturdays and Sundays are what the law cannot tell.
     */
    @ParameterizedTest
    @ValueSource(ints = {2025, 2026})
    void predictedWeekdaysOffWereOffInThePublishedYear(int year) {
        Set<LocalDate> predicted = weekdays(StatutoryHolidays.of(year).keySet(), year);
        Set<LocalDate> official = new TreeSet<>();
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            LegalHoliday h = LegalHoliday.fromYmd(year, d.getMonthValue(), d.getDayOfMonth());
            if (h != null && !h.isWork()) {
                official.add(d);
            }
        }
        official = weekdays(official, year);
        Set<LocalDate> right = new TreeSet<>(predicted);
        right.retainAll(official);
        System.out.printf(
                "%d: %d weekday(s) off predicted, %d official, %d of them predicted; wrong: %s, missed: %s%n",
                year,
                predicted.size(),
                official.size(),
                right.size(),
                minus(predicted, official),
                minus(official, predicted));
        assertThat(predicted).isEqualTo(official);
    }

    @Test
    void in2027NewYearAndTheSpringFestivalAreOff() {
        var days = StatutoryHolidays.of(2027);
        assertThat(days).containsEntry(LocalDate.of(2027, 1, 1), "元旦");
        // 除夕 is 5 February 2027: eight days from it.
        for (LocalDate d = LocalDate.of(2027, 2, 5); !d.isAfter(LocalDate.of(2027, 2, 12)); d = d.plusDays(1)) {
            assertThat(days).containsEntry(d, "春节");
        }
        assertThat(days).containsEntry(LocalDate.of(2027, 10, 7), "国庆节").doesNotContainKey(LocalDate.of(2027, 10, 8));
    }

    private static Set<LocalDate> weekdays(Set<LocalDate> days, int year) {
        Set<LocalDate> weekdays = new TreeSet<>();
        days.stream()
                .filter(d -> d.getYear() == year && d.getDayOfWeek().getValue() <= DayOfWeek.FRIDAY.getValue())
                .forEach(weekdays::add);
        return weekdays;
    }

    private static Set<LocalDate> minus(Set<LocalDate> a, Set<LocalDate> b) {
        Set<LocalDate> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }
}
