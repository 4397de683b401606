package org.devzone.bulletin.cadence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.devzone.bulletin.calendar.HolidayFilesLoader;
import org.devzone.bulletin.calendar.WorkingCalendar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped schedule on the official 2026 calendar. */
class PlannerTest {

    /** 2026 from the State Council notice: days off and make-up working days. */
    private static final Set<LocalDate> OFF_2026 = days(
            "2026-01-01..2026-01-03",
            "2026-02-15..2026-02-23",
            "2026-04-04..2026-04-06",
            "2026-05-01..2026-05-05",
            "2026-06-19..2026-06-21",
            "2026-09-25..2026-09-27",
            "2026-10-01..2026-10-07");

    private static final Set<LocalDate> MAKEUP_2026 =
            days("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10");

    @TempDir
    Path dir;

    private final Planner planner =
            new Planner(ScheduleLoader.load(Path.of("config/schedule.yaml")), new WorkingCalendar(List.of()));

    @Test
    void everyWeekOf2026FiresExactlyWhatTheWorkingDayRulesGive() {
        List<String> expected = new ArrayList<>();
        for (LocalDate monday = LocalDate.of(2025, 12, 29);
                monday.isBefore(LocalDate.of(2026, 12, 28));
                monday = monday.plusWeeks(1)) {
            List<LocalDate> working = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                LocalDate d = monday.plusDays(i);
                boolean weekday = d.getDayOfWeek().getValue() <= 5;
                boolean officialWeekday = d.getYear() == 2025 ? weekday : weekday && !OFF_2026.contains(d);
                if (officialWeekday || MAKEUP_2026.contains(d)) {
                    working.add(d);
                }
            }
            if (working.isEmpty()) {
                continue;
            }
            expected.add(working.get(0) + " 09:00 monday-receipts");
            for (LocalDate middle : working.subList(1, Math.max(1, working.size() - 1))) {
                expected.add(middle + " 10:00 midweek-news");
            }
            expected.add(working.get(working.size() - 1) + " 15:00 friday-reminders");
        }
        expected.removeIf(row -> !row.startsWith("2026"));

        List<String> planned = rows(planner.between(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 27)));

        assertThat(planned).containsExactlyElementsOf(expected);
        assertThat(planned).hasSize(244);
    }

    @Test
    void nationalDayWeekMovesEverySlotAsTheIssueSays() {
        List<Occurrence> week = planner.between(LocalDate.of(2026, 10, 5), LocalDate.of(2026, 10, 11));

        assertThat(rows(week))
                .containsExactly(
                        "2026-10-08 09:00 monday-receipts",
                        "2026-10-09 10:00 midweek-news",
                        "2026-10-10 15:00 friday-reminders");
        assertThat(week.get(0).note()).contains("Monday 2026-10-05 is 国庆节").contains("Wednesday 2026-10-07 is 国庆节");
        assertThat(week.get(2).note()).isEqualTo("Saturday 2026-10-10 is a make-up working day (国庆节)");
        assertThat(week).noneMatch(Occurrence::provisional);
    }

    @Test
    void theWeekBeforeNationalDayEndsOnWednesday() {
        assertThat(rows(planner.between(LocalDate.of(2026, 9, 28), LocalDate.of(2026, 10, 4))))
                .containsExactly(
                        "2026-09-28 09:00 monday-receipts",
                        "2026-09-29 10:00 midweek-news",
                        "2026-09-30 15:00 friday-reminders");
        assertThat(planner.on(planner.schedule().find("friday-reminders").orElseThrow(), LocalDate.of(2026, 9, 30))
                        .orElseThrow()
                        .note())
                .contains("Thursday 2026-10-01 is 国庆节")
                .contains("Friday 2026-10-02 is 国庆节");
    }

    @Test
    void springFestivalWeekHasNoWorkingDayAndTheMakeUpSaturdaysCount() {
        assertThat(planner.between(LocalDate.of(2026, 2, 16), LocalDate.of(2026, 2, 22)))
                .isEmpty();
        assertThat(rows(planner.between(LocalDate.of(2026, 2, 9), LocalDate.of(2026, 2, 15))))
                .containsExactly(
                        "2026-02-09 09:00 monday-receipts",
                        "2026-02-10 10:00 midweek-news",
                        "2026-02-11 10:00 midweek-news",
                        "2026-02-12 10:00 midweek-news",
                        "2026-02-13 10:00 midweek-news",
                        "2026-02-14 15:00 friday-reminders");
        List<Occurrence> afterwards = planner.between(LocalDate.of(2026, 2, 23), LocalDate.of(2026, 3, 1));
        assertThat(rows(afterwards))
                .containsExactly(
                        "2026-02-24 09:00 monday-receipts",
                        "2026-02-25 10:00 midweek-news",
                        "2026-02-26 10:00 midweek-news",
                        "2026-02-27 10:00 midweek-news",
                        "2026-02-28 15:00 friday-reminders");
        assertThat(afterwards.get(0).note()).isEqualTo("Monday 2026-02-23 is 春节");
    }

    @Test
    void aWeekWithOneWorkingDayFiresFirstThenLastThatDay() throws IOException {
        Files.writeString(dir.resolve("2031.json"), """
                {"year": 2031, "papers": [], "days": [
                  {"name": "测试", "date": "2031-03-03", "isOffDay": true},
                  {"name": "测试", "date": "2031-03-04", "isOffDay": true},
                  {"name": "测试", "date": "2031-03-06", "isOffDay": true},
                  {"name": "测试", "date": "2031-03-07", "isOffDay": true}]}
                """);
        Planner oneDay = new Planner(planner.schedule(), new WorkingCalendar(HolidayFilesLoader.load(dir)));

        assertThat(rows(oneDay.between(LocalDate.of(2031, 3, 3), LocalDate.of(2031, 3, 9))))
                .containsExactly("2031-03-05 09:00 monday-receipts", "2031-03-05 15:00 friday-reminders");
    }

    @Test
    void otherHolidayWeeksOf2026() {
        assertThat(rows(planner.between(LocalDate.of(2026, 4, 6), LocalDate.of(2026, 4, 12))))
                .as("清明节 Monday off")
                .startsWith("2026-04-07 09:00 monday-receipts")
                .endsWith("2026-04-10 15:00 friday-reminders");
        assertThat(rows(planner.between(LocalDate.of(2026, 5, 4), LocalDate.of(2026, 5, 10))))
                .as("劳动节")
                .containsExactly(
                        "2026-05-06 09:00 monday-receipts",
                        "2026-05-07 10:00 midweek-news",
                        "2026-05-08 10:00 midweek-news",
                        "2026-05-09 15:00 friday-reminders");
        assertThat(rows(planner.between(LocalDate.of(2026, 6, 15), LocalDate.of(2026, 6, 21))))
                .as("端午节 Friday off")
                .endsWith("2026-06-18 15:00 friday-reminders");
        assertThat(rows(planner.between(LocalDate.of(2026, 9, 14), LocalDate.of(2026, 9, 20))))
                .as("make-up Sunday before National Day")
                .endsWith("2026-09-20 15:00 friday-reminders");
        assertThat(rows(planner.between(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 4))))
                .as("元旦")
                .containsExactly("2026-01-04 15:00 friday-reminders");
    }

    @Test
    void datesBeyondEveryCalendarAreProvisionalAndSaySo() {
        List<Occurrence> early2027 = planner.between(LocalDate.of(2027, 1, 4), LocalDate.of(2027, 1, 10));

        assertThat(rows(early2027))
                .containsExactly(
                        "2027-01-04 09:00 monday-receipts",
                        "2027-01-05 10:00 midweek-news",
                        "2027-01-06 10:00 midweek-news",
                        "2027-01-07 10:00 midweek-news",
                        "2027-01-08 15:00 friday-reminders");
        assertThat(early2027).allSatisfy(o -> {
            assertThat(o.provisional()).isTrue();
            assertThat(o.note())
                    .contains(
                            "no official calendar for 2027: its days off are predicted from the law until the State Council's notice is imported (holidays import notice-2027.txt");
        });
        assertThat(planner.between(LocalDate.of(2026, 12, 14), LocalDate.of(2026, 12, 20)))
                .noneMatch(Occurrence::provisional);
    }

    /** Before 2027's notice is out, the law's days off: no Friday bulletin on 元旦, none in the Spring Festival week. */
    @Test
    void aYearWithoutANoticeIsPlannedOnTheStatutoryDaysOff() {
        assertThat(rows(planner.between(LocalDate.of(2026, 12, 28), LocalDate.of(2027, 1, 3))))
                .as("元旦 week")
                .containsExactly(
                        "2026-12-28 09:00 monday-receipts",
                        "2026-12-29 10:00 midweek-news",
                        "2026-12-30 10:00 midweek-news",
                        "2026-12-31 15:00 friday-reminders");
        List<Occurrence> springFestival = planner.between(LocalDate.of(2027, 2, 1), LocalDate.of(2027, 2, 14));
        assertThat(rows(springFestival))
                .as("除夕 is Friday 5 February; 5 to 12 February are off")
                .containsExactly(
                        "2027-02-01 09:00 monday-receipts",
                        "2027-02-02 10:00 midweek-news",
                        "2027-02-03 10:00 midweek-news",
                        "2027-02-04 15:00 friday-reminders");
        Occurrence thursday = springFestival.get(3);
        assertThat(thursday.provisional()).isTrue();
        assertThat(thursday.note()).contains("Friday 2027-02-05 is 春节 (predicted from the law; no notice yet)");
    }

    @Test
    void aHolidayFileFor2027ChangesThePreviewAndAFileWinsOverTheLibrary() throws IOException {
        Files.writeString(dir.resolve("2027.json"), """
                {"year": 2027, "papers": ["https://www.gov.cn/example"], "days": [
                  {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
                  {"name": "元旦", "date": "2027-01-04", "isOffDay": true}]}
                """);
        Files.writeString(dir.resolve("2026.json"), """
                {"year": 2026, "papers": [], "days": [{"name": "测试调整", "date": "2026-11-23", "isOffDay": true}]}
                """);
        Planner withFiles = new Planner(planner.schedule(), new WorkingCalendar(HolidayFilesLoader.load(dir)));

        List<Occurrence> week = withFiles.between(LocalDate.of(2027, 1, 4), LocalDate.of(2027, 1, 10));
        assertThat(rows(week).get(0)).isEqualTo("2027-01-05 09:00 monday-receipts");
        assertThat(week).noneMatch(Occurrence::provisional);
        assertThat(week.get(0).note()).isEqualTo("Monday 2027-01-04 is 元旦");
        // The 2026 file is the whole truth for 2026: its own day off counts, and National Day no longer does.
        assertThat(rows(withFiles.between(LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 23))))
                .isEmpty();
        assertThat(rows(withFiles.between(LocalDate.of(2026, 10, 5), LocalDate.of(2026, 10, 5))))
                .containsExactly("2026-10-05 09:00 monday-receipts");
    }

    @Test
    void cronSlotsMoveOrSkipOnDaysOff() throws IOException {
        assertThat(rows(
                        cronPlanner("next-working-day").between(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31)),
                        "monthly-media"))
                .startsWith(
                        "2026-01-04 09:00 monthly-media",
                        "2026-02-02 09:00 monthly-media",
                        "2026-03-02 09:00 monthly-media")
                .contains("2026-10-08 09:00 monthly-media", "2026-11-02 09:00 monthly-media")
                .hasSize(12);
        Occurrence newYear =
                cronPlanner("next-working-day").between(LocalDate.of(2026, 1, 4), LocalDate.of(2026, 1, 4)).stream()
                        .filter(o -> o.slot().id().equals("monthly-media"))
                        .findFirst()
                        .orElseThrow();
        assertThat(newYear.note()).isEqualTo("Thursday 2026-01-01 is 元旦; moved to the next working day");

        assertThat(rows(
                        cronPlanner("previous-working-day")
                                .between(LocalDate.of(2026, 9, 1), LocalDate.of(2026, 10, 31)),
                        "monthly-media"))
                .as("Oct 1 is 国庆节, Nov 1 a Sunday")
                .containsExactly(
                        "2026-09-01 09:00 monthly-media",
                        "2026-09-30 09:00 monthly-media",
                        "2026-10-30 09:00 monthly-media");
        assertThat(rows(
                        cronPlanner("skip").between(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31)),
                        "monthly-media"))
                .as("the 1st is a working day only in these months of 2026")
                .containsExactly(
                        "2026-04-01 09:00 monthly-media",
                        "2026-06-01 09:00 monthly-media",
                        "2026-07-01 09:00 monthly-media",
                        "2026-09-01 09:00 monthly-media",
                        "2026-12-01 09:00 monthly-media");
    }

    private Planner cronPlanner(String onDayOff) throws IOException {
        Path file = Files.writeString(dir.resolve("schedule-" + onDayOff + ".yaml"), """
                slots:
                  - {id: monday-receipts, on: first-working-day, at: "09:00", categories: [summary]}
                  - {id: midweek-news, on: middle-working-days, at: "10:00", categories: [information, case]}
                  - {id: friday-reminders, on: last-working-day, at: "15:00", categories: [reminder, document]}
                  - id: monthly-media
                    cron: "0 0 9 1 * ?"
                    on-day-off: %s
                    categories: [media]
                """.formatted(onDayOff));
        return new Planner(ScheduleLoader.load(file), new WorkingCalendar(List.of()));
    }

    private static List<String> rows(List<Occurrence> occurrences) {
        return occurrences.stream()
                .map(o -> o.date() + " " + o.time() + " " + o.slot().id())
                .toList();
    }

    private static List<String> rows(List<Occurrence> occurrences, String slot) {
        return rows(occurrences.stream().filter(o -> o.slot().id().equals(slot)).toList());
    }

    private static Set<LocalDate> days(String... ranges) {
        Set<LocalDate> days = new TreeSet<>();
        for (String range : ranges) {
            String[] ends = range.split("\\.\\.");
            LocalDate from = LocalDate.parse(ends[0]);
            LocalDate to = LocalDate.parse(ends[ends.length - 1]);
            IntStream.rangeClosed(0, (int) (to.toEpochDay() - from.toEpochDay()))
                    .mapToObj(from::plusDays)
                    .forEach(days::add);
        }
        return days;
    }
}
