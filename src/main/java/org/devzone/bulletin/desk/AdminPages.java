package org.devzone.bulletin.desk;

import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.devzone.bulletin.access.Access;
import org.devzone.bulletin.access.ApiToken;
import org.devzone.bulletin.cadence.HolidayImport;
import org.devzone.bulletin.cadence.Occurrence;
import org.devzone.bulletin.cadence.Planner;
import org.devzone.bulletin.calendar.CalendarDay;
import org.devzone.bulletin.calendar.HolidayNotice;
import org.devzone.bulletin.config.ConfigException;
import org.devzone.bulletin.delivery.ChannelActivity;
import org.devzone.bulletin.platform.HttpReply;
import org.devzone.bulletin.platform.HttpRequests;
import org.devzone.bulletin.zone.ChannelDefinition;
import org.devzone.bulletin.zone.Channels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The week as admins keep it: the schedule of the next eight weeks on the official calendar (holidays, make-up
 * working days, what is provisional, where each year's calendar comes from), and the State Council's holiday notice
 * imported from a form: pasted, checked (the days it sets and the occurrences that move), then saved.
 */
public final class AdminPages {

    private static final Logger LOG = LoggerFactory.getLogger(AdminPages.class);
    private static final int WEEKS = 8;

    /**
     * What the channels page reads: the channels defined, the secrets each still lacks (by key), what each did last,
     * and the SMTP server's address.
     */
    public record ChannelSources(
            Channels channels,
            Map<String, List<String>> missingSecrets,
            Supplier<Map<String, ChannelActivity.Activity>> activity,
            String smtp) {}

    private final Supplier<Planner> planner;
    private final HolidayImport holidays;
    private final ChannelSources channels;
    private final DeskView view;

    AdminPages(Supplier<Planner> planner, HolidayImport holidays, ChannelSources channels, DeskView view) {
        this.planner = planner;
        this.holidays = holidays;
        this.channels = channels;
        this.view = view;
    }

    /**
     * {@code GET /desk/channels} (admins): for the mail server and every robot and webhook, whether it is configured
     * (which secrets it lacks), when it last delivered and its last failure.
     */
    public void channels(Exchange exchange) {
        Map<String, ChannelActivity.Activity> activity = channels.activity().get();
        ZoneId office = planner.get().schedule().timeZone();
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(row("邮件（SMTP）", channels.smtp(), List.of(), activity.get("email"), office));
        for (ChannelDefinition channel : channels.channels().all()) {
            rows.add(row(
                    channel.type().label(),
                    channel.name(),
                    channels.missingSecrets().getOrDefault(channel.key(), List.of()),
                    activity.get(channel.key()),
                    office));
        }
        Map<String, Object> model = view.common(exchange, "channels");
        model.put("rows", rows);
        view.page(exchange, 200, "desk-channels.ftlh", model);
    }

    private static Map<String, Object> row(
            String type, String name, List<String> missing, ChannelActivity.Activity activity, ZoneId office) {
        Map<String, Object> row = new HashMap<>();
        row.put("type", type);
        row.put("name", name);
        row.put("configured", missing.isEmpty());
        row.put("missing", missing);
        row.put("lastSent", activity == null || activity.lastSent() == null ? "" : shown(activity.lastSent(), office));
        row.put(
                "lastErrorAt",
                activity == null || activity.lastErrorAt() == null ? "" : shown(activity.lastErrorAt(), office));
        row.put("lastError", activity == null || activity.lastError() == null ? "" : activity.lastError());
        return row;
    }

    private static String shown(OffsetDateTime at, ZoneId office) {
        return at.atZoneSameInstant(office).format(DeskView.MINUTES);
    }

    /** {@code GET /desk/schedule}: the next eight weeks, with the holidays that move them. */
    public void schedule(Exchange exchange) {
        Planner plan = planner.get();
        LocalDate today = view.today();
        LocalDate to = today.plusWeeks(WEEKS);
        Map<String, Object> model = view.common(exchange, "schedule");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Occurrence o : plan.between(today, to)) {
            Map<String, Object> row = new HashMap<>();
            row.put("when", o.whenInChinese());
            row.put("date", o.date().toString());
            row.put("slot", o.slot().name());
            row.put("provisional", o.provisional());
            row.put("moved", o.moved());
            row.put(
                    "why",
                    o.movedBy().stream().map(CalendarDay::describeChinese).toList());
            rows.add(row);
        }
        model.put("rows", rows);
        List<String> daysOff = new ArrayList<>();
        for (LocalDate d = today; !d.isAfter(to); d = d.plusDays(1)) {
            CalendarDay day = plan.calendar().day(d);
            if (day.kind() == CalendarDay.Kind.DAY_OFF || day.kind() == CalendarDay.Kind.MAKEUP_WORKDAY) {
                daysOff.add(day.describeChinese());
            }
        }
        model.put("daysOff", daysOff);
        model.put("standing", plan.calendar().standingChinese(today.getYear(), to.getYear() + 1));
        model.put("from", today.toString());
        model.put("to", to.toString());
        String imported = HttpRequests.queryParameter(exchange, "imported");
        model.put("imported", imported == null ? "" : imported);
        view.page(exchange, 200, "desk-schedule.ftlh", model);
    }

    /** {@code GET /desk/holidays} (admins): the form to paste the notice into. */
    public void holidayForm(Exchange exchange) {
        Map<String, Object> model = view.common(exchange, "schedule");
        model.put("text", "");
        view.page(exchange, 200, "desk-holidays.ftlh", model);
    }

    /**
     * {@code POST /desk/holidays} (admins): {@code action=check} shows what the notice sets and moves; {@code
     * action=save} checks it again and writes {@code holidays/YYYY.json}. A notice with problems is shown with them and
     * nothing is written.
     */
    public void holidayImport(Exchange exchange) throws IOException {
        Map<String, List<String>> form = HttpRequests.form(exchange);
        String text = form.getOrDefault("text", List.of("")).get(0);
        boolean save = form.getOrDefault("action", List.of("")).equals(List.of("save"));
        Map<String, Object> model = view.common(exchange, "schedule");
        model.put("text", text);
        if (text.isBlank()) {
            model.put("problems", List.of("请把国务院办公厅关于节假日安排的通知全文粘贴到这里。"));
            view.page(exchange, 400, "desk-holidays.ftlh", model);
            return;
        }
        Planner plan = planner.get();
        HolidayImport.Checked checked;
        try {
            checked = holidays.check(text, "网页粘贴的通知", plan.schedule(), plan.calendar());
        } catch (ConfigException e) {
            model.put("problems", e.problems());
            view.page(exchange, 400, "desk-holidays.ftlh", model);
            return;
        }
        if (save) {
            holidays.save(checked);
            LOG.info(
                    "Holiday notice for {} imported on the desk by {}",
                    checked.notice().year(),
                    exchange.getProperty(Access.TOKEN, ApiToken.class).name());
            HttpReply.text(exchange, 303, "text/plain; charset=utf-8", "");
            exchange.getMessage()
                    .setHeader(
                            "Location",
                            "/desk/schedule?imported=" + checked.notice().year());
            return;
        }
        model.put("year", checked.notice().year());
        List<Map<String, Object>> days = new ArrayList<>();
        for (HolidayNotice.Day day : checked.notice().days()) {
            days.add(Map.of(
                    "date",
                    day.date().toString() + "（"
                            + day.date().getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.CHINA)
                            + "）",
                    "name",
                    day.name(),
                    "off",
                    day.offDay()));
        }
        model.put("days", days);
        List<Map<String, Object>> moves = new ArrayList<>();
        for (HolidayImport.Move move : checked.moves()) {
            moves.add(Map.of(
                    "gone",
                    move.gone(),
                    "when",
                    move.occurrence().whenInChinese(),
                    "slot",
                    move.occurrence().slot().name()));
        }
        model.put("moves", moves);
        model.put("settled", checked.settled());
        view.page(exchange, 200, "desk-holidays.ftlh", model);
    }
}
