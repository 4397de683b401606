package org.devzone.bulletin.desk;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.devzone.bulletin.bulletin.BulletinStore;
import org.devzone.bulletin.cadence.Schedule;
import org.devzone.bulletin.cadence.Slot;
import org.devzone.bulletin.feedback.Feedback;
import org.devzone.bulletin.notice.Notice;
import org.devzone.bulletin.notice.NoticeService;
import org.devzone.bulletin.platform.BundledTemplates;
import org.devzone.bulletin.platform.FailureLimiter;
import org.devzone.bulletin.platform.HttpReply;
import org.devzone.bulletin.platform.HttpRequests;
import org.devzone.bulletin.receipt.ReceiptService;
import org.devzone.bulletin.receipt.ReceiptStore;
import org.devzone.bulletin.zone.Zone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A zone's own page, opened from the signed link every edition carries ({@code /z/{token}}): its bulletins, newest
 * first, with what each brought to this zone only; the documents it still has to sign, signed right there; and a form
 * to answer. Made for a phone first. The link is the key: no sign-in, and it shows nothing of another zone.
 */
public final class ZonePages {

    private static final Logger LOG = LoggerFactory.getLogger(ZonePages.class);
    private static final int BULLETINS = 20;
    private static final int MAX_TEXT = 10_000;
    private static final int MAX_AUTHOR = 100;

    private final DeskSources sources;
    private final ReceiptService receipts;
    private final NoticeService notices;
    private final FailureLimiter limiter;
    private final Clock clock;
    private final String officeName;
    private final BundledTemplates pages = new BundledTemplates("/pages");

    /** @param receipts what signs and checks the zone's link (the page's key) */
    public ZonePages(
            DeskSources sources,
            ReceiptService receipts,
            NoticeService notices,
            FailureLimiter limiter,
            Clock clock,
            String officeName) {
        this.sources = sources;
        this.receipts = receipts;
        this.notices = notices;
        this.limiter = limiter;
        this.clock = clock;
        this.officeName = officeName;
    }

    /** {@code GET /z/{token}}. */
    public void show(Exchange exchange) {
        zone(exchange).ifPresent(zone -> page(exchange, zone, 200, Map.of()));
    }

    /** {@code POST /z/{token}/sign} with {@code notice}: signs a document the zone received (the first time counts). */
    public void sign(Exchange exchange) {
        Optional<Zone> zone = zone(exchange);
        if (zone.isEmpty()) {
            return;
        }
        String notice = field(exchange, "notice");
        Optional<ReceiptStore.Row> row = notice == null
                ? Optional.empty()
                : sources.receipts().find(notice, zone.get().id());
        if (row.isEmpty()) {
            page(exchange, zone.get(), 404, Map.of("problem", "没有发给本开发区、需要签收的这份公文。"));
            return;
        }
        ReceiptStore.Signed signed = sources.receipts()
                .sign(notice, zone.get().id(), OffsetDateTime.now(clock), "page", limiter.client(exchange));
        if (signed.first()) {
            LOG.info(
                    "Notice {} signed for by {} on its page", notice, zone.get().id());
        }
        redirect(exchange, "?signed=" + notice);
    }

    /**
     * {@code POST /z/{token}/answer} with {@code text}, and {@code notice} and {@code author} if given: stored once per
     * form however often it is posted, as the zone's feedback.
     */
    public void answer(Exchange exchange) {
        Optional<Zone> zone = zone(exchange);
        if (zone.isEmpty()) {
            return;
        }
        String text = field(exchange, "text");
        String notice = field(exchange, "notice");
        String author = field(exchange, "author");
        String draft = field(exchange, "_draft");
        Map<String, Object> problems = new HashMap<>();
        if (text == null) {
            problems.put("textProblem", "请填写反馈内容。");
        } else if (text.codePointCount(0, text.length()) > MAX_TEXT) {
            problems.put("textProblem", "反馈最多 " + MAX_TEXT + " 个字，请精简或分几次提交。");
        }
        if (author != null && author.codePointCount(0, author.length()) > MAX_AUTHOR) {
            problems.put("authorProblem", "署名最多 " + MAX_AUTHOR + " 个字。");
        }
        if (notice != null && !sources.feedback().reached(notice, zone.get().id())) {
            problems.put("noticeProblem", "请选择发给本开发区的通知。");
        }
        if (!problems.isEmpty()) {
            Map<String, Object> model = new HashMap<>(problems);
            model.put("typed", Map.of("text", text == null ? "" : text, "author", author == null ? "" : author));
            page(exchange, zone.get(), 400, model);
            return;
        }
        Feedback feedback = new Feedback(
                UUID.randomUUID().toString(),
                zone.get().id(),
                notice,
                null,
                null,
                "web",
                author,
                null,
                text,
                true,
                OffsetDateTime.now(clock));
        boolean stored = sources.feedback()
                .add(feedback, draft != null && draft.matches("[0-9a-f-]{36}") ? "web:" + draft : null);
        if (stored) {
            LOG.info(
                    "Feedback {} from {} on its page", feedback.id(), zone.get().id());
        }
        redirect(exchange, "?answered=1");
    }

    /** The zone the link opens, or the page saying why it opens nothing (answered here). */
    private Optional<Zone> zone(Exchange exchange) {
        String token = exchange.getMessage().getHeader("token", String.class);
        ReceiptService.PageToken check = receipts.zoneOf(token);
        if (check instanceof ReceiptService.ZoneOf zoneOf) {
            return sources.zones().find(zoneOf.zoneId());
        }
        ReceiptService.PageRefused refused = (ReceiptService.PageRefused) check;
        if (refused.status() == 400) {
            limiter.failed(limiter.client(exchange)); // a guessed or damaged link counts like a bad token
        }
        Map<String, Object> model = new HashMap<>();
        model.put("office", officeName);
        model.put("heading", refused.heading());
        model.put("message", refused.message());
        model.put("confirm", false);
        HttpReply.page(exchange, refused.status(), pages.render("receipt.ftlh", model));
        return Optional.empty();
    }

    private void page(Exchange exchange, Zone zone, int status, Map<String, Object> extra) {
        LocalDate today =
                LocalDate.now(clock.withZone(sources.planner().get().schedule().timeZone()));
        Map<String, Object> model = new HashMap<>(extra);
        model.put("office", officeName);
        model.put("zone", zone.name());
        model.put("token", exchange.getMessage().getHeader("token", String.class));
        model.put("draft", UUID.randomUUID().toString());
        model.put(
                "signed",
                Optional.ofNullable(HttpRequests.queryParameter(exchange, "signed"))
                        .orElse(""));
        model.put("answered", HttpRequests.queryParameter(exchange, "answered") != null);
        List<Map<String, Object>> owed = new ArrayList<>();
        for (ReceiptStore.Row row : sources.receipts().pending(zone.id())) {
            Map<String, Object> item = new HashMap<>();
            item.put("id", row.noticeId());
            item.put("title", row.title());
            item.put("deadline", row.deadline() == null ? "" : row.deadline().toString());
            item.put("overdue", row.deadline() != null && row.deadline().isBefore(today));
            owed.add(item);
        }
        model.put("owed", owed);
        Schedule schedule = sources.planner().get().schedule();
        ZoneId office = schedule.timeZone();
        List<Map<String, Object>> bulletins = new ArrayList<>();
        Map<String, String> answerable = new LinkedHashMap<>();
        for (BulletinStore.ZoneEdition edition : sources.bulletins().zoneEditions(zone.id(), BULLETINS)) {
            Map<String, Object> bulletin = new HashMap<>();
            bulletin.put("date", edition.date().toString());
            bulletin.put(
                    "name",
                    switch (edition.kind()) {
                        case "urgent" -> "紧急通知";
                        case "reminder" -> "公文签收提醒";
                        default -> schedule.find(edition.slot()).map(Slot::name).orElse(edition.slot());
                    });
            List<Map<String, Object>> reached = new ArrayList<>();
            for (String id : edition.noticeIds()) {
                Notice n = notices.find(id).orElse(null);
                if (n == null) {
                    continue;
                }
                Map<String, Object> item = new HashMap<>();
                item.put("id", n.id());
                item.put("title", n.title());
                item.put("category", n.category().label());
                item.put("html", sources.templates().bodyHtml(n.body()));
                item.put(
                        "attachments",
                        n.attachments().stream().map(a -> a.name()).toList());
                item.put("requiresReceipt", n.requiresReceipt());
                item.put(
                        "signedAt",
                        sources.receipts()
                                .find(n.id(), zone.id())
                                .map(ReceiptStore.Row::signedAt)
                                .map(at -> at.atZoneSameInstant(office)
                                        .toLocalDate()
                                        .toString())
                                .orElse(""));
                reached.add(item);
                answerable.putIfAbsent(n.id(), n.title());
            }
            bulletin.put("notices", reached);
            bulletins.add(bulletin);
        }
        model.put("bulletins", bulletins);
        model.put("answerable", answerable);
        model.putIfAbsent("typed", Map.of("text", "", "author", ""));
        HttpReply.page(exchange, status, pages.render("zone.ftlh", model));
    }

    /** After a form: back to the page (Post/Redirect/Get), saying what was done. */
    private static void redirect(Exchange exchange, String query) {
        String token = exchange.getMessage().getHeader("token", String.class);
        HttpReply.text(exchange, 303, "text/plain; charset=utf-8", "");
        exchange.getMessage().setHeader("Location", "/z/" + token + query);
    }

    private static String field(Exchange exchange, String name) {
        List<String> values = HttpRequests.form(exchange).getOrDefault(name, List.of());
        return values.isEmpty() || values.get(0).isBlank()
                ? null
                : values.get(0).strip();
    }
}
