package org.devzone.bulletin.cadence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.devzone.bulletin.calendar.HolidayFilesLoader;
import org.devzone.bulletin.calendar.WorkingCalendar;
import org.devzone.bulletin.config.ConfigException;
import org.devzone.bulletin.config.Reloadable;

/**
 * The schedule and calendar the dispatcher runs on, replaced while it runs when an admin edits
 * {@code schedule.yaml} or a file in {@code holidays/}. An edit that does not validate is refused: the previous
 * schedule keeps running, and the problems stay reported (log and health) until the files are fixed.
 */
public final class ScheduleRuntime {

    private final Path configDir;
    private final Reloadable<Planner> planner;

    public ScheduleRuntime(Path configDir, Planner initial) {
        this.configDir = configDir;
        this.planner = new Reloadable<>(
                configDir.resolve("schedule.yaml") + " and " + configDir.resolve("holidays"),
                initial,
                this::fingerprint,
                this::load,
                p -> p.schedule().slots().size() + " slot(s)");
    }

    public Planner planner() {
        return planner.get();
    }

    public Schedule schedule() {
        return planner.get().schedule();
    }

    /** The problems of the last edit that was refused; empty when the files on disk are the ones running. */
    public List<String> problems() {
        return planner.problems();
    }

    /** Reloads when the schedule or holiday files changed since the last look. True when a new schedule runs. */
    public boolean reloadIfChanged() {
        return planner.reloadIfChanged();
    }

    private Planner load() {
        Schedule schedule = ScheduleLoader.load(configDir.resolve("schedule.yaml"));
        ZoneId running = planner.get().schedule().timeZone();
        if (!schedule.timeZone().equals(running)) {
            // Every time shown to people and stored is in the office's zone; it changes only with a restart.
            throw ConfigException.of(configDir.resolve("schedule.yaml") + ": time-zone: changing it from " + running
                    + " to " + schedule.timeZone() + " takes effect only when the dispatcher restarts");
        }
        return new Planner(schedule, new WorkingCalendar(HolidayFilesLoader.load(configDir.resolve("holidays"))));
    }

    /** Names, sizes and modification times of the files the schedule is read from. */
    private String fingerprint() {
        StringBuilder print = new StringBuilder();
        append(print, configDir.resolve("schedule.yaml"));
        Path holidays = configDir.resolve("holidays");
        if (Files.isDirectory(holidays)) {
            try (Stream<Path> files = Files.list(holidays)) {
                files.sorted().forEach(f -> append(print, f));
            } catch (IOException e) {
                print.append("unlistable");
            }
        }
        return print.toString();
    }

    private static void append(StringBuilder print, Path file) {
        try {
            print.append(file.getFileName())
                    .append(':')
                    .append(Files.size(file))
                    .append(':')
                    .append(Files.getLastModifiedTime(file).toMillis())
                    .append(';');
        } catch (IOException e) {
            print.append(file.getFileName()).append(":missing;");
        }
    }
}
