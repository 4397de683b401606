package org.devzone.bulletin.cadence;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
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
            StringBuilder description = new StringBuilder("时段 ").append(o.slot().id());
            if (o.note() != null) {
                description.append("\n").append(o.note());
            }
            event.add(new Description(description.toString()));
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
