package org.devzone.bulletin.cadence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.devzone.bulletin.calendar.HolidayFile;
import org.devzone.bulletin.calendar.HolidayFilesLoader;
import org.devzone.bulletin.calendar.HolidayNotice;
import org.devzone.bulletin.calendar.WorkingCalendar;
import org.devzone.bulletin.config.ConfigException;

/**
 * Bringing a new year's official calendar in from the State Council's notice, as published: parsed and checked with
 * the other years' files, what it moves in the plan, then written as {@code holidays/YYYY.json} (which a running
 * dispatcher picks up within seconds). The {@code holidays import} command and the admins' page both use it.
 */
public final class HolidayImport {

    /** An occurrence that the notice takes away ({@code gone}) or brings. */
    public record Move(boolean gone, Occurrence occurrence) {}

    /**
     * A notice read and checked: the file it makes, what moves, and how many occurrences stop being provisional.
     */
    public record Checked(HolidayNotice notice, String json, List<Move> moves, long settled) {}

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path holidays;

    /** @param holidays the configuration's {@code holidays} directory */
    public HolidayImport(Path holidays) {
        this.holidays = holidays;
    }

    /**
     * @param before the plan as it stands (the schedule and the calendar in force)
     * @throws ConfigException listing the notice's problems (nothing was written)
     */
    public Checked check(String text, String source, Schedule schedule, WorkingCalendar before)
            throws ConfigException, IOException {
        HolidayNotice parsed = HolidayNotice.parse(text, source);
        String json = mapper.writeValueAsString(parsed.json(mapper)) + "\n";
        List<HolidayFile> after = withFile(parsed.year() + ".json", json);
        Planner was = new Planner(schedule, before);
        Planner will = new Planner(schedule, new WorkingCalendar(after));
        LocalDate from = LocalDate.of(parsed.year(), 1, 1).minusWeeks(1);
        LocalDate to = LocalDate.of(parsed.year(), 12, 31).plusWeeks(1);
        List<Occurrence> wasList = was.between(from, to);
        List<Occurrence> willList = will.between(from, to);
        Set<String> wasKeys = wasList.stream().map(HolidayImport::key).collect(Collectors.toSet());
        Set<String> willKeys = willList.stream().map(HolidayImport::key).collect(Collectors.toSet());
        List<Move> moves = new ArrayList<>();
        wasList.stream().filter(o -> !willKeys.contains(key(o))).forEach(o -> moves.add(new Move(true, o)));
        willList.stream().filter(o -> !wasKeys.contains(key(o))).forEach(o -> moves.add(new Move(false, o)));
        moves.sort(Comparator.comparing((Move m) -> m.occurrence().date())
                .thenComparing(m -> m.occurrence().time())
                .thenComparing(m -> m.occurrence().slot().id())
                .thenComparing(m -> m.gone()));
        long settled = wasList.stream().filter(Occurrence::provisional).count()
                - willList.stream().filter(Occurrence::provisional).count();
        return new Checked(parsed, json, moves, Math.max(0, settled));
    }

    /** Writes the checked notice's file (atomically: a reader never sees half of it); answers its path. */
    public Path save(Checked checked) throws IOException {
        Files.createDirectories(holidays);
        Path target = holidays.resolve(checked.notice().year() + ".json");
        Path temporary = Files.createTempFile(holidays, "." + checked.notice().year(), ".tmp");
        Files.writeString(temporary, checked.json(), StandardCharsets.UTF_8);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static String key(Occurrence o) {
        return o.date() + " " + o.time() + " " + o.slot().id();
    }

    /** The directory's holiday files with {@code name} replaced by {@code json}, checked together. */
    private List<HolidayFile> withFile(String name, String json) throws IOException {
        Path scratch = Files.createTempDirectory("holidays-import");
        try {
            if (Files.isDirectory(holidays)) {
                try (Stream<Path> files = Files.list(holidays)) {
                    for (Path file : files.filter(
                                    f -> f.getFileName().toString().endsWith(".json"))
                            .toList()) {
                        if (!file.getFileName().toString().equals(name)) {
                            Files.copy(file, scratch.resolve(file.getFileName()));
                        }
                    }
                }
            }
            Files.writeString(scratch.resolve(name), json, StandardCharsets.UTF_8);
            return HolidayFilesLoader.load(scratch).stream()
                    // problems name the file the admin will have, not the scratch copy
                    .map(f -> new HolidayFile(
                            f.source().replace(scratch.toString(), holidays.toString()),
                            f.year(),
                            f.papers(),
                            f.days()))
                    .toList();
        } finally {
            try (Stream<Path> files = Files.list(scratch)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(scratch);
        }
    }
}
