package org.devzone.bulletin.desk;

import static org.devzone.bulletin.desk.DeskView.MINUTES;
import static org.devzone.bulletin.desk.DeskView.date;
import static org.devzone.bulletin.desk.DeskView.sourceLabel;
import static org.devzone.bulletin.desk.DeskView.statusLabels;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.devzone.bulletin.cadence.Category;
import org.devzone.bulletin.cadence.Occurrence;
import org.devzone.bulletin.cadence.Planner;
import org.devzone.bulletin.cadence.Slot;
import org.devzone.bulletin.calendar.CalendarDay;
import org.devzone.bulletin.notice.Notice;
import org.devzone.bulletin.notice.NoticeStatus;
import org.devzone.bulletin.zone.Audience;
import org.devzone.bulletin.zone.Zone;

/**
 * How notices read on the desk: a notice as a row or page (its slot and expected time, its audience in words), and
 * the preview of one being written (the text as the mails render it, the zones it reaches, when it goes out, whether
 * its dates are working days). Nothing is stored.
 */
final class NoticeModels {

    private final DeskSources sources;
    private final Clock clock;

    NoticeModels(DeskSources sources, Clock clock) {
        this.sources = sources;
        this.clock = clock;
    }

    /** The notice as zones will get it, who gets it, and when it goes out: nothing is stored. */
    Map<String, Object> preview(NoticeForm form) {
        Map<String, Object> preview = new HashMap<>();
        String body = form.value("body");
        preview.put("title", form.value("title"));
        preview.put("html", sources.templates().bodyHtml(body));
        preview.put("text", sources.templates().bodyText(body));
        Audience audience = form.audience(sources.zones());
        List<Zone> reached = audience.isEmpty() ? List.of() : sources.zones().resolve(audience);
        preview.put("reachCount", reached.size());
        preview.put("reach", reached.stream().map(Zone::name).toList());
        Category category = Category.BY_NAME.get(form.value("category"));
        Planner planner = sources.planner().get();
        if (form.urgent()) {
            preview.put("when", "提交后立即单独发出");
        } else if (category != null) {
            Slot slot = planner.schedule().slotFor(category);
            LocalDate notBefore = date(form.value("notBefore"));
            ZonedDateTime now =
                    ZonedDateTime.now(clock.withZone(planner.schedule().timeZone()));
            ZonedDateTime from =
                    notBefore == null || !notBefore.atStartOfDay(now.getZone()).isAfter(now)
                            ? now
                            : notBefore.atStartOfDay(now.getZone());
            preview.put(
                    "when",
                    slot.name()
                            + planner.next(slot.id(), from)
                                    .map(o -> "，预计 " + o.whenInChinese() + " 随公报发出")
                                    .orElse(""));
        }
        List<String> days = new ArrayList<>();
        for (String field : List.of("receiptDeadline", "notBefore")) {
            LocalDate date = date(form.value(field));
            if (date != null) {
                CalendarDay day = planner.calendar().day(date);
                days.add((field.equals("notBefore") ? "最早发送日期 " : "签收截止日期 ")
                        + day.describeChinese()
                        + (day.working() ? "" : "，不是工作日"));
            }
        }
        preview.put("days", days);
        return preview;
    }

    Map<String, String> slotsByCategory() {
        Map<String, String> slots = new LinkedHashMap<>();
        Planner planner = sources.planner().get();
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(planner.schedule().timeZone()));
        for (Category category : Category.values()) {
            Slot slot = planner.schedule().slotFor(category);
            slots.put(
                    category.wireName(),
                    slot.name()
                            + planner.next(slot.id(), now)
                                    .map(o -> "（下次 " + o.whenInChinese() + "）")
                                    .orElse(""));
        }
        return slots;
    }

    Map<String, Object> notice(Notice n) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", n.id());
        row.put("title", n.title());
        row.put("category", n.category().label());
        row.put("urgent", n.priority().wireName().equals("urgent"));
        row.put("status", n.status().wireName());
        row.put("statusLabel", statusLabels().get(n.status().wireName()));
        Planner planner = sources.planner().get();
        Optional<Slot> slot = planner.schedule().find(n.slot());
        row.put("slot", slot.map(Slot::name).orElse(n.slot()));
        row.put("audience", audienceText(n.audience()));
        row.put("reachCount", sources.zones().resolve(n.audience()).size());
        row.put("requiresReceipt", n.requiresReceipt());
        row.put(
                "receiptDeadline",
                n.receiptDeadline() == null ? "" : n.receiptDeadline().toString());
        row.put("notBefore", n.notBefore() == null ? "" : n.notBefore().toString());
        row.put("attachments", n.attachments().stream().map(a -> a.name()).toList());
        row.put("author", n.author() == null ? "" : n.author());
        row.put("source", sourceLabel(n.source()));
        ZoneId zone = planner.schedule().timeZone();
        row.put("createdAt", n.createdAt().atZoneSameInstant(zone).format(MINUTES));
        row.put("withdrawable", n.status() == NoticeStatus.QUEUED);
        if (n.status() == NoticeStatus.QUEUED && n.priority().wireName().equals("normal") && slot.isPresent()) {
            ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
            ZonedDateTime from =
                    n.notBefore() == null || !n.notBefore().atStartOfDay(zone).isAfter(now)
                            ? now
                            : n.notBefore().atStartOfDay(zone);
            planner.next(slot.get().id(), from).map(Occurrence::whenInChinese).ifPresent(w -> row.put("when", w));
        }
        return row;
    }

    private String audienceText(Audience audience) {
        if (audience.all()) {
            return "全部开发区";
        }
        List<String> parts = new ArrayList<>();
        audience.tags().forEach(t -> parts.add("标签 " + t));
        audience.tiers().forEach(t -> parts.add(t.label()));
        parts.addAll(audience.cities());
        audience.zones()
                .forEach(z -> parts.add(sources.zones().find(z).map(Zone::name).orElse(z)));
        return String.join("、", parts);
    }
}
