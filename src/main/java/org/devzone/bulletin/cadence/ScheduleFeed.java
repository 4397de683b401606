package org.devzone.bulletin.cadence;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.CalScale;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import org.devzone.bulletin.calendar.CalendarDay;

/**
 * The schedule as an iCalendar (RFC 5545) feed: one event per occurrence, titled with the slot's Chinese name.
 * Times are written in UTC so every calendar client shows them in its own time zone without a VTIMEZONE.
 */
public final class ScheduleFeed {

    private static final Duration LENGTH = Duration.ofMinutes(30);

    private ScheduleFeed() {}

    public static String render(List<Occurrence> occurrences, Schedule schedule, String officeName) {
        Calendar calendar = new Calendar();
        calendar.add(new ProdId("-//bulletin-dispatcher//schedule//ZH"));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(new CalScale(CalScale.VALUE_GREGORIAN));
        calendar.add(new XProperty("X-WR-CALNAME", officeName + " 公报发送日程"));
        for (Occurrence o : occurrences) {
            String summary = o.slot().name() + (o.provisional() ? "（暂定）" : "");
            VEvent event = new VEvent(o.at(schedule.timeZone()).toInstant(), LENGTH, summary);
            event.add(new Uid(o.slot().id() + "@" + o.date() + "@bulletin-dispatcher"));
            // For people, in Chinese: why the occurrence moved, and whether it is provisional.
            List<String> lines = new ArrayList<>();
            if (!o.movedBy().isEmpty()) {
                lines.add("因节假日调整："
                        + String.join(
                                "，",
                                o.movedBy().stream()
                                        .map(CalendarDay::describeChinese)
                                        .toList()));
            }
            if (o.provisional()) {
                lines.add("暂定：尚无 " + o.date().getYear() + " 年的官方节假日安排，暂按《全国年节及纪念日放假办法》推算放假日期（不含调休上班），国务院办公厅通知发布后可能调整。");
            }
            if (!lines.isEmpty()) {
                event.add(new Description(String.join("\n", lines)));
            }
            calendar.add(event);
        }
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(false).output(calendar, out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the calendar", e);
        }
        return out.toString();
    }
}
