package org.devzone.bulletin.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.tyme.holiday.LegalHoliday;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.devzone.bulletin.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The State Council's notice, as published over the years, read into a year's days off and make-up working days. */
class HolidayNoticeTest {

    @ParameterizedTest
    @ValueSource(ints = {2025, 2026})
    void thePublishedNoticeGivesExactlyTheLibrarysDaysForItsYear(int year) throws IOException {
        HolidayNotice notice = HolidayNotice.parse(published(year), year + ".txt");

        assertThat(notice.year()).isEqualTo(year);
        assertThat(lines(notice.days())).containsExactlyElementsOf(library(year));
    }

    /** 2024's wording: 星期, 与周末连休 (the weekend is listed too), and a remark that only encourages. */
    @Test
    void theWordingOf2024ReadsAsTheLibraryHasIt() {
        String text = """
                国务院办公厅关于2024年部分节假日安排的通知
                国办发明电〔2023〕7号

                各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
                经国务院批准，现将2024年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
                一、元旦：1月1日放假，与周末连休。
                二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。
                三、清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。
                四、劳动节：5月1日至5日放假调休，共5天。4月28日（星期日）、5月11日（星期六）上班。
                五、端午节：6月10日放假，与周末连休。
                六、中秋节：9月15日至17日放假调休，共3天。9月14日（星期六）上班。
                七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。
                节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。
                国务院办公厅
                2023年10月25日
                """;

        HolidayNotice notice = HolidayNotice.parse(text, "2024.txt");

        List<String> expected = new ArrayList<>(library(2024));
        expected.addAll(0, List.of("2023-12-30 元旦 off", "2023-12-31 元旦 off")); // the weekend before 1 January
        assertThat(lines(notice.days()))
                .containsExactlyElementsOf(expected)
                .as("除夕 is only encouraged")
                .doesNotContain("2024-02-09 春节 off");
    }

    /** 2021's wording: the year written on the first date of a range only, 星期 for the weekday. */
    @Test
    void theWordingOf2021ReadsAsTheLibraryHasIt() {
        String text = """
                国务院办公厅关于2021年部分节假日安排的通知
                一、元旦：2021年1月1日至3日放假，共3天。
                二、春节：2月11日至17日放假调休，共7天。2月7日（星期日）、2月20日（星期六）上班。
                三、清明节：4月3日至5日放假调休，共3天。
                四、劳动节：5月1日至5日放假调休，共5天。4月25日（星期日）、5月8日（星期六）上班。
                五、端午节：6月12日至14日放假，共3天。
                六、中秋节：9月19日至21日放假调休，共3天。9月18日（星期六）上班。
                七、国庆节：10月1日至7日放假调休，共7天。9月26日（星期日）、10月9日（星期六）上班。
                """;

        assertThat(lines(HolidayNotice.parse(text, "2021.txt").days())).containsExactlyElementsOf(library(2021));
    }

    /** 2019's wording: a New Year that starts in December of the year before, written with both years. */
    @Test
    void aNewYearThatStartsTheYearBeforeAndSingleDaysJoinedToTheWeekend() {
        String text = """
                国务院办公厅关于2019年部分节假日安排的通知
                一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。
                二、春节：2月4日至10日放假调休，共7天。2月2日（星期六）、2月3日（星期日）上班。
                三、清明节：4月5日放假，与周末连休。
                四、劳动节：5月1日至4日放假调休，共4天。4月28日（星期日）、5月5日（星期日）上班。
                五、端午节：6月7日放假，与周末连休。
                六、中秋节：9月13日放假，与周末连休。
                七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。
                """;

        HolidayNotice notice = HolidayNotice.parse(text, "2019.txt");

        List<String> expected = new ArrayList<>(library(2019));
        expected.addAll(0, List.of("2018-12-29 元旦 work", "2018-12-30 元旦 off", "2018-12-31 元旦 off"));
        assertThat(lines(notice.days())).containsExactlyElementsOf(expected);
    }

    /** Two festivals in one item, 补休 for a day in lieu, 周/星期 mixed. */
    @Test
    void twoFestivalsInOneItemAndADayInLieu() {
        String text = """
                国务院办公厅关于2020年部分节假日安排的通知
                一、元旦：1月1日放假，1月2日（星期四）补休。
                六、国庆节、中秋节：10月1日（周四）至8日（周四）放假调休，共8天。9月27日（星期日）、10月10日（周六）上班。
                """;

        List<String> days = lines(HolidayNotice.parse(text, "2020.txt").days());

        assertThat(days)
                .containsExactly(
                        "2020-01-01 元旦 off",
                        "2020-01-02 元旦 off",
                        "2020-09-27 国庆中秋 work",
                        "2020-10-01 国庆中秋 off",
                        "2020-10-02 国庆中秋 off",
                        "2020-10-03 国庆中秋 off",
                        "2020-10-04 国庆中秋 off",
                        "2020-10-05 国庆中秋 off",
                        "2020-10-06 国庆中秋 off",
                        "2020-10-07 国庆中秋 off",
                        "2020-10-08 国庆中秋 off",
                        "2020-10-10 国庆中秋 work");
    }

    @Test
    void whatCannotBeReadOrContradictsItselfIsRefusedWithItsLine() {
        ConfigException noTitle =
                catchThrowableOfType(ConfigException.class, () -> HolidayNotice.parse("一、元旦：1月1日放假。", "n.txt"));
        assertThat(noTitle.problems())
                .containsExactly("n.txt:1: no title 《国务院办公厅关于YYYY年部分节假日安排的通知》: is this the notice?");

        String text = """
                国务院办公厅关于2027年部分节假日安排的通知
                一、元旦：1月1日（周四）至3日（周日）放假调休，共3天。
                二、春节：2月6日至12日放假调休，共8天。2月15日（星期一）上班。
                三、清明节：4月31日放假。
                四、劳动节：5月1日至5日放假调休。5月8日（星期六）工作。
                五、端午节：6月9日放假。6月9日（周三）上班。
                另外，6月14日放假。
                """;
        ConfigException problems =
                catchThrowableOfType(ConfigException.class, () -> HolidayNotice.parse(text, "n.txt"));

        assertThat(problems.problems())
                .containsExactlyInAnyOrder(
                        "n.txt:2: 2027-01-01 is a friday, but the notice says 周四; check the date",
                        "n.txt:3: says 8 days but names 7: 2月6日至12日放假调休，共8天",
                        "n.txt:3: 2027-02-15 is a monday: a make-up working day (上班) is always a Saturday or Sunday",
                        "n.txt:4: 2027年4月31日 is not a date",
                        "n.txt:5: cannot tell whether these days are off or working days (放假 or 上班): 5月8日（星期六）工作",
                        "n.txt:6: 2027-06-09 is named both a day off and a working day (also on line 6)",
                        "n.txt:6: 2027-06-09 is a wednesday: a make-up working day (上班) is always a Saturday or Sunday",
                        "n.txt:7: names days outside a numbered item (一、…：), so it cannot be read: 另外，6月14日放假。");
    }

    /** "2026-01-04 元旦 work", for every day of the year (and the New Year's days before it) the library lists. */
    private static List<String> library(int year) {
        List<String> days = new ArrayList<>();
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            LegalHoliday holiday = LegalHoliday.fromYmd(year, d.getMonthValue(), d.getDayOfMonth());
            if (holiday != null) {
                days.add(d + " " + holiday.getName() + (holiday.isWork() ? " work" : " off"));
            }
        }
        return days;
    }

    private static List<String> lines(List<HolidayNotice.Day> days) {
        return days.stream()
                .map(d -> d.date() + " " + d.name() + (d.offDay() ? " off" : " work"))
                .toList();
    }

    private static String published(int year) throws IOException {
        try (InputStream in = HolidayNoticeTest.class.getResourceAsStream("/holiday-notices/" + year + ".txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
