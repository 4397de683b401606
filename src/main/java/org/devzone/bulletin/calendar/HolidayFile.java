package org.devzone.bulletin.calendar;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One year's official calendar in the holiday-cn shape, as an admin drops it into {@code config/holidays/}. It lists
 * only the exceptions to Monday-to-Friday; {@code isOffDay: false} is a make-up working day. A file is keyed by the
 * notice's year, so a late-December date may sit in the next year's file.
 */
public record HolidayFile(String source, int year, List<String> papers, Map<LocalDate, Entry> days) {

    /** One exception: the festival's name and whether the day is off. */
    public record Entry(String name, boolean offDay, String source) {}

    public HolidayFile {
        papers = List.copyOf(papers);
        days = Map.copyOf(days);
    }
}
