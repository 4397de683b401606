package org.devzone.bulletin.calendar;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.devzone.bulletin.config.ConfigException;

/**
 * The State Council's yearly notice (《国务院办公厅关于YYYY年部分节假日安排的通知》) as published, read into that year's
 * days off and make-up working days in the holiday-cn shape. Reads the wordings of the notices since 2017: 周一 or
 * 星期一, ranges with 至 within or across months and years, 放假 / 放假调休 / 补休, 放假，与周末连休, 放假1天，不调休,
 * two festivals in one item, and remarks that only encourage (鼓励…在除夕休息), which are not days off. What it cannot
 * read, or what contradicts itself, is a problem naming the line.
 */
public final class HolidayNotice {

    /** One exception to Monday-to-Friday: a day off, or a make-up working day ({@code offDay} false). */
    public record Day(LocalDate date, String name, boolean offDay) {}

    private static final Pattern TITLE = Pattern.compile("关于\\s*(\\d{4})\\s*年部分节假日安排的通知");
    private static final Pattern ITEM = Pattern.compile("^\\s*([一二三四五六七八九十]+)\\s*[、.．]\\s*([^：:]{1,30})[：:](.*)$");
    private static final String DATE =
            "(?:(\\d{4})\\s*年\\s*)?(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日(?:\\s*[（(]([^）)]*)[）)])?";
    private static final Pattern ONE_DATE = Pattern.compile(DATE);
    private static final Pattern RANGE = Pattern.compile(
            DATE
                    + "\\s*(?:至|到|—|-|－|~|～)\\s*(?:(?:(\\d{4})\\s*年\\s*)?(\\d{1,2})\\s*月\\s*)?(\\d{1,2})\\s*日(?:\\s*[（(]([^）)]*)[）)])?");
    private static final Pattern COUNT = Pattern.compile("共\\s*(\\d{1,2})\\s*天|放假\\s*(\\d{1,2})\\s*天");
    private static final Pattern WEEKDAY = Pattern.compile("(?:周|星期|礼拜)([一二三四五六日天])");
    private static final Map<Character, DayOfWeek> DAYS = Map.of(
            '一',
            DayOfWeek.MONDAY,
            '二',
            DayOfWeek.TUESDAY,
            '三',
            DayOfWeek.WEDNESDAY,
            '四',
            DayOfWeek.THURSDAY,
            '五',
            DayOfWeek.FRIDAY,
            '六',
            DayOfWeek.SATURDAY,
            '日',
            DayOfWeek.SUNDAY,
            '天',
            DayOfWeek.SUNDAY);

    private final int year;
    private final String title;
    private final List<Day> days;

    private HolidayNotice(int year, String title, List<Day> days) {
        this.year = year;
        this.title = title;
        this.days = List.copyOf(days);
    }

    public int year() {
        return year;
    }

    /** The days the notice names, by date. */
    public List<Day> days() {
        return days;
    }

    /** The holiday-cn file: {@code {"year", "papers", "days": [{"name", "date", "isOffDay"}]}}. */
    public ObjectNode json(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("year", year);
        root.putArray("papers").add(title);
        ArrayNode list = root.putArray("days");
        days.forEach(d -> list.addObject()
                .put("name", d.name())
                .put("date", d.date().toString())
                .put("isOffDay", d.offDay()));
        return root;
    }

    /**
     * @param source named in problems ({@code notice-2027.txt:7: …})
     * @throws ConfigException with every line it cannot read or that contradicts another
     */
    public static HolidayNotice parse(String text, String source) {
        List<String> problems = new ArrayList<>();
        String[] lines = text.replace("\uFEFF", "").split("\\R", -1);
        int year = 0;
        String title = null;
        for (String line : lines) {
            Matcher m = TITLE.matcher(line);
            if (m.find()) {
                year = Integer.parseInt(m.group(1));
                title = "国务院办公厅" + m.group(0);
                break;
            }
        }
        if (title == null) {
            throw ConfigException.of(source + ":1: no title 《国务院办公厅关于YYYY年部分节假日安排的通知》: is this the notice?");
        }
        Map<LocalDate, Day> found = new LinkedHashMap<>();
        Map<LocalDate, Integer> foundOn = new LinkedHashMap<>();
        boolean inItems = false;
        for (int i = 0; i < lines.length; i++) {
            String where = source + ":" + (i + 1) + ": ";
            Matcher item = ITEM.matcher(lines[i]);
            if (!item.matches()) {
                if (inItems
                        && ONE_DATE.matcher(lines[i]).find()
                        && !lines[i].contains("鼓励")
                        && lines[i].matches(".*(放假|补休|上班).*")) {
                    problems.add(where + "names days outside a numbered item (一、…：), so it cannot be read: "
                            + lines[i].strip());
                }
                continue;
            }
            inItems = true;
            String name = festival(item.group(2));
            for (String sentence : item.group(3).split("[。；;]")) {
                String s = sentence.strip();
                if (s.isEmpty() || s.contains("鼓励") || !ONE_DATE.matcher(s).find()) {
                    continue; // a remark that only encourages (安排职工在除夕休息) is not a day off
                }
                List<Day> read = new ArrayList<>();
                if (s.replaceAll("[，,。\\s]+$", "").endsWith("上班")) {
                    Matcher d = ONE_DATE.matcher(s);
                    while (d.find()) {
                        LocalDate date = date(d.group(1), d.group(2), d.group(3), year, where, problems);
                        if (date != null && weekday(date, d.group(4), where, problems)) {
                            if (!weekend(date)) {
                                problems.add(where + date + " is a "
                                        + date.getDayOfWeek().toString().toLowerCase()
                                        + ": a make-up working day (上班) is always a Saturday or Sunday");
                            }
                            read.add(new Day(date, name, false));
                        }
                    }
                } else if (s.contains("放假") || s.contains("补休") || s.contains("休息")) {
                    read.addAll(daysOff(s, name, year, where, problems));
                } else {
                    problems.add(where + "cannot tell whether these days are off or working days (放假 or 上班): " + s);
                    continue;
                }
                for (Day day : read) {
                    Day before = found.putIfAbsent(day.date(), day);
                    if (before != null && before.offDay() != day.offDay()) {
                        problems.add(where + day.date() + " is named both a day off and a working day (also on line "
                                + foundOn.get(day.date()) + ")");
                    }
                    foundOn.putIfAbsent(day.date(), i + 1);
                }
            }
        }
        if (found.isEmpty() && problems.isEmpty()) {
            problems.add(source + ": no numbered items (一、元旦：…) with days off or working days were found");
        }
        for (Map.Entry<LocalDate, Day> entry : found.entrySet()) {
            LocalDate date = entry.getKey();
            // The New Year's holiday may start in the last days of the year before (2018-12-30 in the 2019 notice).
            boolean inYear = date.getYear() == year
                    || (date.getYear() == year - 1 && date.getMonthValue() == 12 && date.getDayOfMonth() >= 25);
            if (!inYear) {
                problems.add(source + ":" + foundOn.get(date) + ": " + date + " is not in " + year
                        + " (the notice's year); check the year in the title or the date");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        List<Day> sorted = new ArrayList<>(found.values());
        sorted.sort(Comparator.comparing(Day::date));
        return new HolidayNotice(year, title, sorted);
    }

    /** One festival's name, or the names of an item covering two (国庆节、中秋节 → 国庆中秋, as the library names them). */
    private static String festival(String names) {
        String[] parts = names.strip().split("\\s*[、，,和及]\\s*");
        if (parts.length == 1) {
            return parts[0];
        }
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            joined.append(part.endsWith("节") ? part.substring(0, part.length() - 1) : part);
        }
        return joined.toString();
    }

    /** The days off a sentence names: ranges (1月28日至2月4日) and single days (1月1日放假，1月2日补休). */
    private static List<Day> daysOff(String s, String name, int year, String where, List<String> problems) {
        List<Day> days = new ArrayList<>();
        int problemsBefore = problems.size();
        Matcher range = RANGE.matcher(s);
        StringBuilder rest = new StringBuilder();
        int last = 0;
        while (range.find()) {
            rest.append(s, last, range.start()).append(' ');
            last = range.end();
            LocalDate from = date(range.group(1), range.group(2), range.group(3), year, where, problems);
            if (from == null || !weekday(from, range.group(4), where, problems)) {
                continue;
            }
            String toYear = range.group(5) != null ? range.group(5) : String.valueOf(from.getYear());
            String toMonth = range.group(6) != null ? range.group(6) : String.valueOf(from.getMonthValue());
            LocalDate to = date(toYear, toMonth, range.group(7), year, where, problems);
            if (to != null && range.group(5) == null && to.isBefore(from)) {
                to = to.plusYears(1); // 12月30日至1月1日
            }
            if (to == null || !weekday(to, range.group(8), where, problems)) {
                continue;
            }
            if (to.isBefore(from) || to.toEpochDay() - from.toEpochDay() > 14) {
                problems.add(where + from + " to " + to + " is not a holiday range");
                continue;
            }
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                days.add(new Day(d, name, true));
            }
        }
        rest.append(s.substring(last));
        Matcher single = ONE_DATE.matcher(rest);
        while (single.find()) {
            LocalDate date = date(single.group(1), single.group(2), single.group(3), year, where, problems);
            if (date != null && weekday(date, single.group(4), where, problems)) {
                days.add(new Day(date, name, true));
            }
        }
        if (s.contains("与周末连休")) {
            // 6月10日放假，与周末连休: the weekend next to the day is part of the holiday (the files list it).
            for (Day day : List.copyOf(days)) {
                for (int step : new int[] {-1, 1}) {
                    for (LocalDate d = day.date().plusDays(step); weekend(d); d = d.plusDays(step)) {
                        days.add(new Day(d, name, true));
                    }
                }
            }
        }
        Matcher count = COUNT.matcher(s);
        if (count.find() && problems.size() == problemsBefore) {
            int said = Integer.parseInt(count.group(1) != null ? count.group(1) : count.group(2));
            if (said != days.size()) {
                problems.add(where + "says " + said + " days but names " + days.size() + ": " + s);
            }
        }
        return days;
    }

    private static boolean weekend(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    private static LocalDate date(
            String yearText, String month, String day, int noticeYear, String where, List<String> problems) {
        int y = yearText != null ? Integer.parseInt(yearText) : noticeYear;
        try {
            return LocalDate.of(y, Integer.parseInt(month), Integer.parseInt(day));
        } catch (DateTimeException e) {
            problems.add(where + y + "年" + month + "月" + day + "日 is not a date");
            return null;
        }
    }

    /** The weekday the notice gives in brackets, when it gives one, must be the date's. */
    private static boolean weekday(LocalDate date, String bracket, String where, List<String> problems) {
        if (bracket == null) {
            return true;
        }
        Matcher said = WEEKDAY.matcher(bracket);
        if (said.find() && DAYS.get(said.group(1).charAt(0)) != date.getDayOfWeek()) {
            problems.add(
                    where + date + " is a " + date.getDayOfWeek().toString().toLowerCase() + ", but the notice says "
                            + said.group(0) + "; check the date");
            return false;
        }
        return true;
    }
}
