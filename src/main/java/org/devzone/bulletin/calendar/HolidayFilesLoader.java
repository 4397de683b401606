package org.devzone.bulletin.calendar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.devzone.bulletin.config.ConfigException;
import org.devzone.bulletin.config.ConfigMap;
import org.devzone.bulletin.config.ConfigNode;
import org.devzone.bulletin.config.ConfigProblems;

/**
 * Reads every {@code *.json} file of a holidays directory in the holiday-cn shape
 * ({@code {"year", "papers", "days": [{"name", "date", "isOffDay"}]}}). JSON is YAML, so the same reader gives each
 * error its file and line.
 */
public final class HolidayFilesLoader {

    private HolidayFilesLoader() {}

    /** A missing directory means no files: the library's data alone. */
    public static List<HolidayFile> load(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw ConfigException.of(directory + ": cannot be listed (" + e.getMessage() + ")");
        }
        ConfigProblems problems = new ConfigProblems();
        List<HolidayFile> result = new ArrayList<>();
        Map<LocalDate, HolidayFile.Entry> seen = new HashMap<>();
        for (Path file : files) {
            try {
                read(file, problems, seen).ifPresent(result::add);
            } catch (ConfigException e) {
                e.problems().forEach(problems::add);
            }
        }
        problems.throwIfAny();
        return result;
    }

    private static Optional<HolidayFile> read(
            Path file, ConfigProblems problems, Map<LocalDate, HolidayFile.Entry> seen) {
        ConfigNode root = ConfigNode.read(file);
        ConfigMap top =
                new ConfigMap(root, "holiday file", problems, List.of("$schema", "$id", "year", "papers", "days"));
        int year = top.optionalInt("year", 0, 1900, 2200);
        if (top.optionalText("year").isEmpty()) {
            top.problem("year", "is required (the year of the State Council notice, for example 2027)");
        }
        List<String> papers = top.textList("papers");
        Map<LocalDate, HolidayFile.Entry> days = new LinkedHashMap<>();
        List<ConfigNode> entries = top.get("days").map(ConfigNode::items).orElse(List.of());
        if (top.get("days").isEmpty()) {
            top.problem("days", "is required: the days off and make-up working days of the year");
        }
        for (int i = 0; i < entries.size(); i++) {
            ConfigMap day =
                    new ConfigMap(entries.get(i), "days[" + i + "]", problems, List.of("name", "date", "isOffDay"));
            String name = day.requiredText("name");
            String dateText = day.requiredText("date");
            String offText = day.requiredText("isOffDay");
            LocalDate date = null;
            try {
                date = dateText.isEmpty() ? null : LocalDate.parse(dateText);
            } catch (DateTimeParseException e) {
                day.problem("date", "'" + dateText + "' is not a date such as 2027-01-01");
            }
            if (!offText.isEmpty() && !offText.equals("true") && !offText.equals("false")) {
                day.problem("isOffDay", "'" + offText + "' must be true (a day off) or false (a make-up working day)");
                continue;
            }
            if (date == null || name.isEmpty() || offText.isEmpty()) {
                continue;
            }
            HolidayFile.Entry entry = new HolidayFile.Entry(name, Boolean.parseBoolean(offText), file.toString());
            HolidayFile.Entry earlier = seen.putIfAbsent(date, entry);
            if (earlier != null && earlier.offDay() != entry.offDay()) {
                day.problem("date", date + " is also listed in " + earlier.source() + " with the opposite isOffDay");
            }
            days.put(date, entry);
        }
        if (year == 0) {
            return Optional.empty();
        }
        return Optional.of(new HolidayFile(file.toString(), year, papers, days));
    }
}
