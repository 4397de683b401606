package org.devzone.bulletin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.devzone.bulletin.access.ApiTokens;
import org.devzone.bulletin.cadence.Schedule;
import org.devzone.bulletin.cadence.ScheduleLoader;
import org.devzone.bulletin.calendar.HolidayFile;
import org.devzone.bulletin.calendar.HolidayFilesLoader;
import org.devzone.bulletin.calendar.WorkingCalendar;
import org.devzone.bulletin.config.ConfigException;
import org.devzone.bulletin.delivery.EditionTemplates;
import org.devzone.bulletin.staff.StaffDirectory;
import org.devzone.bulletin.zone.Channels;
import org.devzone.bulletin.zone.ChannelsLoader;
import org.devzone.bulletin.zone.ZoneDirectory;
import org.devzone.bulletin.zone.ZoneDirectoryLoader;

/** The admin-edited files of a configuration directory, read and validated before anything starts. */
record LoadedConfig(
        Path directory,
        Channels channels,
        ZoneDirectory zones,
        Schedule schedule,
        WorkingCalendar calendar,
        StaffDirectory staff,
        ApiTokens tokens) {

    /** @throws ConfigException naming every file and line that is wrong */
    static LoadedConfig load(Path directory) {
        List<String> problems = new ArrayList<>();
        Channels channels = null;
        ZoneDirectory zones = null;
        Schedule schedule = null;
        try {
            channels = ChannelsLoader.load(directory.resolve("channels.yaml"));
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (channels != null) {
            try {
                zones = ZoneDirectoryLoader.load(directory.resolve("zones.yaml"), channels);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        try {
            schedule = ScheduleLoader.load(directory.resolve("schedule.yaml"));
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        List<HolidayFile> holidays = List.of();
        try {
            holidays = HolidayFilesLoader.load(directory.resolve("holidays"));
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        StaffDirectory staff = null;
        try {
            staff = StaffDirectory.load(directory.resolve("staff.yaml"));
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        ApiTokens tokens = null;
        try {
            tokens = ApiTokens.load(directory.resolve("tokens.yaml"), zones);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        problems.addAll(EditionTemplates.check(directory.resolve("templates")));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new LoadedConfig(directory, channels, zones, schedule, new WorkingCalendar(holidays), staff, tokens);
    }
}
