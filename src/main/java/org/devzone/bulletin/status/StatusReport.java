package org.devzone.bulletin.status;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheck;
import org.devzone.bulletin.bulletin.Bulletin;
import org.devzone.bulletin.bulletin.BulletinStore;
import org.devzone.bulletin.bulletin.CadenceCheckpoint;
import org.devzone.bulletin.cadence.Occurrence;
import org.devzone.bulletin.cadence.Planner;
import org.devzone.bulletin.cadence.Slot;
import org.devzone.bulletin.calendar.CalendarDay;
import org.devzone.bulletin.delivery.DeliveryStore;
import org.devzone.bulletin.notice.NoticeStore;
import org.devzone.bulletin.platform.StoreException;
import org.devzone.bulletin.receipt.ReceiptMatrix;
import org.devzone.bulletin.receipt.ReceiptStore;
import org.devzone.bulletin.zone.ZoneDirectory;

/**
 * What the status page shows, read afresh on every visit: this week's occurrences and what became of them, the notices
 * waiting per slot, the latest bulletins with their deliveries per channel, the receipt matrix, the dead deliveries, and
 * a banner for every health check that is not UP. A part whose data cannot be read (the database is down) is shown as
 * unavailable; the rest of the page still renders.
 */
public final class StatusReport {

    /** How many of the latest bulletins are listed. */
    static final int LATEST = 8;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("MM-dd HH:mm");

    /** Channels in the order the page lists them, with their names. */
    private static final Map<String, String> CHANNELS = orderedChannels();

    private static final Map<String, String> CHECKS = Map.of(
            "database",
            "数据库",
            "broker",
            "消息队列（ActiveMQ）",
            "smtp",
            "邮件服务器",
            "calendar",
            "工作日历",
            "schedule",
            "发送计划（schedule.yaml）");

    private final Supplier<Planner> planner;
    private final BulletinStore bulletins;
    private final CadenceCheckpoint checkpoint;
    private final DeliveryStore deliveries;
    private final NoticeStore notices;
    private final ReceiptStore receipts;
    private final ZoneDirectory zones;
    private final List<HealthCheck> checks;
    private final List<String> setup;
    private final Clock clock;
    private final int calendarLookAheadDays;

    public StatusReport(
            Supplier<Planner> planner,
            BulletinStore bulletins,
            CadenceCheckpoint checkpoint,
            DeliveryStore deliveries,
            NoticeStore notices,
            ReceiptStore receipts,
            ZoneDirectory zones,
            List<HealthCheck> checks,
            List<String> setup,
            Clock clock,
            int calendarLookAheadDays) {
        this.calendarLookAheadDays = calendarLookAheadDays;
        this.planner = planner;
        this.checkpoint = checkpoint;
        this.bulletins = bulletins;
        this.deliveries = deliveries;
        this.notices = notices;
        this.receipts = receipts;
        this.zones = zones;
        this.checks = List.copyOf(checks);
        this.setup = List.copyOf(setup);
        this.clock = clock;
    }

    /** The page's model; {@code unavailable} lists the parts that could not be read. */
    public Map<String, Object> model() {
        Planner plan = planner.get();
        ZoneId zone = plan.schedule().timeZone();
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        LocalDate monday = now.toLocalDate().with(DayOfWeek.MONDAY);
        Map<String, Object> model = new HashMap<>();
        Reads reads = new Reads();
        List<String> unavailable = reads.unavailable;
        model.put("now", now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
        model.put("weekFrom", monday.toString());
        model.put("weekTo", monday.plusDays(6).toString());
        model.put("problems", problems(plan, now.toLocalDate()));
        model.put("setup", setup);
        model.put(
                "calendarYears",
                plan.calendar()
                        .standingChinese(
                                now.getYear(),
                                now.toLocalDate()
                                        .plusDays(calendarLookAheadDays)
                                        .getYear()));
        model.put("timeline", reads.read("timeline", () -> timeline(plan, now, monday), List.of()));
        model.put("weekWithoutWorkingDays", plan.workingDays(monday).isEmpty());
        model.put("queued", reads.read("queued", () -> queued(plan), List.of()));
        model.put("latest", reads.read("latest", this::latest, List.of()));
        model.put(
                "receipts",
                reads.read("receipts", () -> ReceiptMatrix.of(receipts, zones, now.toLocalDate()), Map.of()));
        Map<String, Long> totals = reads.read("totals", deliveries::totals, Map.of());
        model.put("dead", totals.getOrDefault("dead", 0L));
        model.put("retrying", totals.getOrDefault("retrying", 0L));
        model.put("unavailable", unavailable);
        return model;
    }

    /** Health checks that are not UP, with what they say, and a year ahead without official calendar data. */
    private List<Map<String, String>> problems(Planner plan, LocalDate today) {
        List<Map<String, String>> problems = new ArrayList<>();
        plan.calendar()
                .firstUncoveredYear(today, today.plusDays(calendarLookAheadDays))
                .ifPresent(year -> problems.add(Map.of(
                        "name",
                        CHECKS.get("calendar"),
                        "message",
                        "还没有 " + year + " 年的官方节假日安排：国务院办公厅"
                                + "通知发布后，把通知全文存为文本文件，运行 java -jar target/bulletin-dispatcher.jar holidays import notice-"
                                + year
                                + ".txt 导入。在此之前，" + year + " 年按《全国年节及纪念日放假办法》推算放假日期，暂定安排（不含调休上班）。")));
        for (HealthCheck check : checks) {
            HealthCheck.Result result = check.call();
            if (result.getState() != HealthCheck.State.UP) {
                problems.add(Map.of(
                        "name",
                        CHECKS.getOrDefault(check.getId(), check.getId()),
                        "message",
                        result.getMessage().orElse(result.getState().name())));
            }
        }
        return problems;
    }

    private List<Map<String, Object>> timeline(Planner plan, ZonedDateTime now, LocalDate monday) {
        ZoneId zone = plan.schedule().timeZone();
        Map<String, BulletinStore.Listed> fired = new HashMap<>();
        bulletins
                .list(null, monday, monday.plusDays(6), 1, 200)
                .forEach(b -> fired.putIfAbsent(b.bulletin().occurrenceKey(), b));
        List<Map<String, Object>> rows = new ArrayList<>();
        Instant installed =
                checkpoint.installedAt().map(OffsetDateTime::toInstant).orElse(null);
        for (Occurrence o : plan.between(monday, monday.plusDays(6))) {
            Map<String, Object> row = new HashMap<>();
            row.put("date", o.date().toString().substring(5));
            row.put("day", o.date().getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.CHINA));
            row.put("time", o.time().format(TIME));
            row.put("slot", o.slot().name());
            row.put("provisional", o.provisional());
            row.put("moved", o.moved());
            row.put(
                    "note",
                    String.join(
                            "，",
                            o.movedBy().stream()
                                    .map(CalendarDay::describeChinese)
                                    .toList()));
            BulletinStore.Listed listed =
                    fired.get(Bulletin.occurrenceKey(o.slot().id(), o.date()));
            Bulletin bulletin = listed == null ? null : listed.bulletin();
            String state;
            if (bulletin != null && bulletin.status() == Bulletin.Status.PUBLISHED) {
                state = "done";
                row.put(
                        "detail",
                        "已发出 "
                                + (bulletin.publishedAt() == null
                                        ? ""
                                        : bulletin.publishedAt()
                                                .atZoneSameInstant(zone)
                                                .format(SHOWN))
                                + "，" + listed.editionCount() + " 个开发区");
                row.put("bulletin", bulletin.id());
            } else if (bulletin != null && bulletin.status() == Bulletin.Status.MISSED) {
                state = "missed";
                row.put("detail", "已错过（当时服务未运行），通知顺延到下一期");
            } else if (bulletin != null) {
                state = "sending";
                row.put("detail", "正在发出");
            } else if (o.at(zone).isAfter(now)) {
                state = "due";
                row.put("detail", "待发出");
            } else if (installed != null
                    && o.date().isBefore(installed.atZone(zone).toLocalDate())) {
                state = "before";
                row.put("detail", "系统启用之前，未发送");
            } else {
                state = "late";
                row.put("detail", "已到时间，尚未发出");
            }
            row.put("state", state);
            rows.add(row);
        }
        return rows;
    }

    private List<Map<String, Object>> queued(Planner plan) {
        Map<String, Long> bySlot = notices.queuedBySlot();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Slot slot : plan.schedule().slots()) {
            rows.add(Map.of("slot", slot.name(), "count", bySlot.getOrDefault(slot.id(), 0L)));
        }
        return rows;
    }

    private List<Map<String, Object>> latest() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BulletinStore.Listed listed : bulletins.list(null, null, null, 1, LATEST)) {
            Bulletin b = listed.bulletin();
            Map<String, Object> row = new HashMap<>();
            row.put("id", b.id());
            row.put(
                    "slot",
                    b.kind() == Bulletin.Kind.URGENT
                            ? "紧急通知"
                            : b.kind() == Bulletin.Kind.REMINDER
                                    ? "签收提醒"
                                    : planner.get()
                                            .schedule()
                                            .find(b.slot())
                                            .map(Slot::name)
                                            .orElse(b.slot()));
            row.put("date", b.date() == null ? "" : b.date().toString());
            row.put(
                    "status",
                    switch (b.status()) {
                        case PUBLISHED -> "已发出";
                        case MISSED -> "已错过";
                        case ASSEMBLED -> "正在发出";
                    });
            List<Map<String, Object>> channels = new ArrayList<>();
            Map<String, Map<String, Integer>> byChannel = deliveries.counts(b.id());
            List<Map.Entry<String, Map<String, Integer>>> ordered = new ArrayList<>(byChannel.entrySet());
            List<String> order = List.copyOf(CHANNELS.keySet());
            ordered.sort(
                    Comparator.comparing(e -> order.contains(e.getKey()) ? order.indexOf(e.getKey()) : order.size()));
            for (Map.Entry<String, Map<String, Integer>> channel : ordered) {
                Map<String, Integer> counts = channel.getValue();
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("name", CHANNELS.getOrDefault(channel.getKey(), channel.getKey()));
                cell.put("sent", counts.getOrDefault("sent", 0));
                cell.put("waiting", counts.getOrDefault("pending", 0) + counts.getOrDefault("sending", 0));
                cell.put("retrying", counts.getOrDefault("retrying", 0));
                cell.put("dead", counts.getOrDefault("dead", 0));
                channels.add(cell);
            }
            row.put("channels", channels);
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, String> orderedChannels() {
        Map<String, String> channels = new LinkedHashMap<>();
        channels.put("email", "邮件");
        channels.put("qq", "QQ 群");
        channels.put("wecom", "企业微信");
        channels.put("dingtalk", "钉钉");
        channels.put("feishu", "飞书");
        channels.put("webhook", "Webhook");
        return channels;
    }

    /**
     * The page's reads of the database. Once one finds the database unreachable (each such read waits for the pool's
     * timeout), the parts after it are not tried: the page opens in seconds during an outage, not after every part has
     * waited in turn.
     */
    private static final class Reads {
        final List<String> unavailable = new ArrayList<>();
        private boolean databaseAway;

        <T> T read(String part, Supplier<T> reader, T fallback) {
            if (databaseAway) {
                unavailable.add(part);
                return fallback;
            }
            try {
                return reader.get();
            } catch (StoreException e) {
                unavailable.add(part);
                databaseAway = e.unavailable();
                return fallback;
            }
        }
    }
}
