package org.devzone.bulletin.desk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.activation.DataHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.attachment.AttachmentMessage;
import org.devzone.bulletin.access.Access;
import org.devzone.bulletin.access.ApiToken;
import org.devzone.bulletin.access.PageAccess;
import org.devzone.bulletin.access.Role;
import org.devzone.bulletin.access.Sessions;
import org.devzone.bulletin.bulletin.BulletinService;
import org.devzone.bulletin.bulletin.BulletinStore;
import org.devzone.bulletin.cadence.Category;
import org.devzone.bulletin.cadence.Occurrence;
import org.devzone.bulletin.cadence.Planner;
import org.devzone.bulletin.cadence.Slot;
import org.devzone.bulletin.calendar.CalendarDay;
import org.devzone.bulletin.delivery.Delivery;
import org.devzone.bulletin.delivery.DeliveryStore;
import org.devzone.bulletin.delivery.EditionPreview;
import org.devzone.bulletin.delivery.EditionTemplates;
import org.devzone.bulletin.delivery.Redrive;
import org.devzone.bulletin.feedback.Feedback;
import org.devzone.bulletin.feedback.FeedbackStore;
import org.devzone.bulletin.notice.Notice;
import org.devzone.bulletin.notice.NoticeDraft;
import org.devzone.bulletin.notice.NoticeFilter;
import org.devzone.bulletin.notice.NoticePage;
import org.devzone.bulletin.notice.NoticeService;
import org.devzone.bulletin.notice.NoticeStatus;
import org.devzone.bulletin.notice.NoticeStore;
import org.devzone.bulletin.platform.BundledTemplates;
import org.devzone.bulletin.platform.FieldError;
import org.devzone.bulletin.platform.HttpReply;
import org.devzone.bulletin.platform.HttpRequests;
import org.devzone.bulletin.platform.Refusal;
import org.devzone.bulletin.receipt.ReceiptMatrix;
import org.devzone.bulletin.receipt.ReceiptStore;
import org.devzone.bulletin.zone.Audience;
import org.devzone.bulletin.zone.Tier;
import org.devzone.bulletin.zone.Zone;
import org.devzone.bulletin.zone.ZoneDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staff desk in the browser: write a notice (写通知) and follow the queue (通知). Every form works without
 * JavaScript; with it, the preview follows the typing. The pages take notices through the same {@link NoticeService}
 * as the API, so they accept and refuse alike, in the same words, next to the field concerned.
 */
public final class DeskPages {

    private static final Logger LOG = LoggerFactory.getLogger(DeskPages.class);
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final String HTMX =
            "/META-INF/resources/webjars/htmx.org/" + webJarVersion("htmx.org") + "/dist/htmx.min.js";
    private static final Map<String, String[]> ASSETS = Map.of(
            "desk.css", new String[] {"/pages/assets/desk.css", "text/css; charset=utf-8"},
            "htmx.min.js", new String[] {HTMX, "text/javascript; charset=utf-8"},
            "desk.js", new String[] {"/pages/assets/desk.js", "text/javascript; charset=utf-8"});

    /** What the desk reads besides notices. */
    public record Sources(
            ZoneDirectory zones,
            Supplier<Planner> planner,
            EditionTemplates templates,
            BulletinStore bulletins,
            BulletinService bulletinService,
            ReceiptStore receipts,
            DeliveryStore deliveries,
            Redrive redrive,
            EditionPreview editions,
            FeedbackStore feedback) {}

    private final NoticeService notices;
    private final Sources sources;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final String officeName;
    private final BundledTemplates pages = new BundledTemplates("/pages");
    private final Map<String, byte[]> assets = new HashMap<>();

    public DeskPages(NoticeService notices, Sources sources, ObjectMapper mapper, Clock clock, String officeName) {
        this.notices = notices;
        this.sources = sources;
        this.mapper = mapper;
        this.clock = clock;
        this.officeName = officeName;
        ASSETS.forEach((name, where) -> assets.put(name, resource(where[0])));
    }

    /** {@code GET /desk/notices/new}: an empty form. */
    public void compose(Exchange exchange) {
        ApiToken token = exchange.getProperty(Access.TOKEN, ApiToken.class);
        page(exchange, 200, "desk-compose.ftlh", composeModel(exchange, NoticeForm.blank(token.name()), List.of()));
    }

    /**
     * {@code POST /desk/notices}: the preview button shows the notice as zones will get it; the submit button queues
     * it (once, however often the form is posted) and shows where it stands, or brings the form back with what to
     * change next to each field.
     */
    public void submit(Exchange exchange) {
        NoticeForm form = NoticeForm.posted(HttpRequests.form(exchange));
        if (!form.value("action").equals("queue")) {
            Map<String, Object> model = composeModel(exchange, form, List.of());
            model.put("showPreview", true);
            page(exchange, 200, "desk-compose.ftlh", model);
            return;
        }
        List<FieldError> problems = new ArrayList<>(form.ownProblems());
        byte[] json = json(form, uploads(exchange));
        try {
            if (!problems.isEmpty()) {
                notices.check(json); // the API's objections too, so that every problem shows at once
            } else {
                NoticeStore.Stored stored = notices.accept(json, "web", form.intakeKey());
                LOG.info(
                        "Notice {} queued on the desk by {}{}",
                        stored.notice().id(),
                        exchange.getProperty(Access.TOKEN, ApiToken.class).name(),
                        stored.created() ? "" : " (posted again; stored once)");
                redirect(exchange, "/desk/notices/" + stored.notice().id() + "?queued=" + (stored.created() ? 1 : 2));
                return;
            }
        } catch (Refusal refused) {
            if (refused.kind() != Refusal.Kind.INVALID) {
                throw refused;
            }
            problems.addAll(refused.errors());
        }
        page(exchange, 400, "desk-compose.ftlh", composeModel(exchange, form, problems));
    }

    /** {@code POST /desk/notices/preview}: the preview alone, for the page's script to put under the form. */
    public void preview(Exchange exchange) {
        NoticeForm form = NoticeForm.posted(HttpRequests.form(exchange));
        Map<String, Object> model = new HashMap<>();
        model.put("preview", previewModel(form));
        HttpReply.page(exchange, 200, pages.render("desk-preview.ftlh", model));
    }

    /** {@code GET /desk/notices}: the queue and the history, filtered. */
    public void list(Exchange exchange) {
        Map<String, Object> model = common(exchange, "notices");
        String statusText = query(exchange, "status");
        String categoryText = query(exchange, "category");
        String slotText = query(exchange, "slot");
        NoticeStatus status = statusText == null
                ? null
                : NoticeStatus.fromWireName(statusText).orElse(null);
        Category category = categoryText == null ? null : Category.BY_NAME.get(categoryText);
        String slot = slotText == null || notices.schedule().find(slotText).isEmpty() ? null : slotText;
        int page = 1;
        try {
            page = Math.max(
                    1,
                    Integer.parseInt(
                            Optional.ofNullable(query(exchange, "page")).orElse("1")));
        } catch (NumberFormatException e) {
            // the first page
        }
        NoticePage result = notices.list(new NoticeFilter(status, category, slot, page, 20));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Notice n : result.items()) {
            rows.add(noticeModel(n));
        }
        model.put("rows", rows);
        model.put("total", result.total());
        model.put("page", result.page());
        model.put("pages", Math.max(1, (result.total() + 19) / 20));
        model.put("status", status == null ? "" : status.wireName());
        model.put("category", category == null ? "" : category.wireName());
        model.put("slot", slot == null ? "" : slot);
        model.put("statuses", statusLabels());
        model.put("categories", categoryLabels());
        model.put("slots", slotLabels());
        page(exchange, 200, "desk-notices.ftlh", model);
    }

    /** {@code GET /desk/notices/{id}}: one notice, where it stands, and what went out with it. */
    public void show(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        Notice notice = notices.find(id).orElseThrow(() -> Refusal.notFound("没有编号为 " + id + " 的通知。"));
        Map<String, Object> model = common(exchange, "notices");
        model.put("notice", noticeModel(notice));
        model.put("bodyHtml", sources.templates().bodyHtml(notice.body()));
        model.put("queued", Optional.ofNullable(query(exchange, "queued")).orElse(""));
        model.put("withdrawn", query(exchange, "withdrawn") != null);
        sources.bulletins().bulletinOf(notice.id()).ifPresent(bulletin -> {
            model.put("bulletin", bulletin);
            Map<String, Map<String, Integer>> counts = sources.deliveries().counts(bulletin);
            List<Map<String, Object>> channels = new ArrayList<>();
            counts.forEach((channel, byStatus) ->
                    channels.add(Map.of("channel", channelLabel(channel), "counts", new TreeMap<>(byStatus))));
            model.put("deliveries", channels);
        });
        page(exchange, 200, "desk-notice.ftlh", model);
    }

    /**
     * {@code POST /desk/notices/{id}/withdraw}: without {@code confirm=yes} it asks first; with it, the notice is
     * withdrawn (if no bulletin took it yet).
     */
    public void withdraw(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        Notice notice = notices.find(id).orElseThrow(() -> Refusal.notFound("没有编号为 " + id + " 的通知。"));
        List<String> confirm = HttpRequests.form(exchange).getOrDefault("confirm", List.of());
        if (!confirm.equals(List.of("yes"))) {
            Map<String, Object> model = common(exchange, "notices");
            model.put("notice", noticeModel(notice));
            page(exchange, 200, "desk-withdraw.ftlh", model);
            return;
        }
        notices.withdraw(id);
        LOG.info(
                "Notice {} withdrawn on the desk by {}",
                id,
                exchange.getProperty(Access.TOKEN, ApiToken.class).name());
        redirect(exchange, "/desk/notices/" + id + "?withdrawn=1");
    }

    /** {@code GET /desk/receipts}: who has signed for which document, overdue zones first. */
    public void receipts(Exchange exchange) {
        Map<String, Object> model = common(exchange, "receipts");
        model.putAll(ReceiptMatrix.of(sources.receipts(), sources.zones(), today()));
        ApiToken token = exchange.getProperty(Access.TOKEN, ApiToken.class);
        model.put("admin", token.role().covers(Role.ADMIN));
        model.put("request", UUID.randomUUID().toString());
        String reminded = query(exchange, "reminded");
        model.put("reminded", reminded == null ? "" : reminded);
        page(exchange, 200, "desk-receipts.ftlh", model);
    }

    /**
     * {@code GET /desk/receipts.csv}: the same matrix for a spreadsheet: UTF-8 with a byte order mark, so that Excel
     * shows the Chinese as it is.
     */
    @SuppressWarnings("unchecked")
    public void receiptsCsv(Exchange exchange) {
        LocalDate today = today();
        Map<String, Object> matrix = ReceiptMatrix.of(sources.receipts(), sources.zones(), today);
        StringBuilder csv = new StringBuilder("\uFEFF开发区");
        for (Map<String, Object> document : (List<Map<String, Object>>) matrix.get("documents")) {
            csv.append(',')
                    .append(csvCell(document.get("title")
                            + (document.containsKey("deadline") ? "（" + document.get("deadline") + " 前）" : "")));
        }
        csv.append("\r\n");
        for (Map<String, Object> zone : (List<Map<String, Object>>) matrix.get("zones")) {
            csv.append(csvCell((String) zone.get("name")));
            for (String cell : (List<String>) zone.get("cells")) {
                csv.append(',').append(csvCell(cell));
            }
            csv.append("\r\n");
        }
        HttpReply.text(exchange, 200, "text/csv; charset=utf-8", csv.toString());
        String name = "签收情况-" + today + ".csv";
        exchange.getMessage()
                .setHeader(
                        "Content-Disposition",
                        "attachment; filename=\"receipts-" + today + ".csv\"; filename*=UTF-8''"
                                + URLEncoder.encode(name, StandardCharsets.UTF_8)
                                        .replace("+", "%20"));
        exchange.getMessage().setHeader("X-Content-Type-Options", "nosniff");
    }

    /**
     * {@code POST /desk/receipts/{id}/remind} (admins): the zones that have not signed for one document get a reminder
     * now, once per form however often it is posted.
     */
    public void remind(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        List<String> unsigned = sources.receipts().forNotice(id).stream()
                .filter(r -> r.signedAt() == null)
                .map(ReceiptStore.Row::zoneId)
                .distinct()
                .toList();
        if (sources.receipts().forNotice(id).isEmpty()) {
            throw Refusal.notFound("没有编号为 " + id + " 的已发出公文。");
        }
        if (unsigned.isEmpty()) {
            throw Refusal.conflict("这份公文各开发区都已签收，无需催签。");
        }
        String request = HttpRequests.form(exchange)
                .getOrDefault("_request", List.of(""))
                .get(0);
        if (!request.matches("[0-9a-f-]{36}")) {
            throw Refusal.invalid("催签请求有误", List.of(new FieldError("_request", "请从签收页面点击“立即催签”。")));
        }
        sources.bulletinService()
                .remindNow(id, unsigned, request)
                .ifPresent(b -> LOG.info(
                        "Receipt reminder {} for notice {} sent now from the desk by {}: {} zone(s) have not signed",
                        b.id(),
                        id,
                        exchange.getProperty(Access.TOKEN, ApiToken.class).name(),
                        unsigned.size()));
        redirect(exchange, "/desk/receipts?reminded=" + unsigned.size());
    }

    /**
     * {@code GET /desk/deliveries}: what reached whom, newest first, filtered by bulletin, zone, channel and status; a
     * failed delivery with its reason.
     */
    public void deliveries(Exchange exchange) {
        Map<String, Object> model = common(exchange, "deliveries");
        String bulletin = query(exchange, "bulletin");
        String zone = query(exchange, "zone");
        String channel = query(exchange, "channel");
        String statusText = query(exchange, "status");
        Delivery.Status status = statusText == null
                ? null
                : Arrays.stream(Delivery.Status.values())
                        .filter(s -> s.wireName().equals(statusText))
                        .findFirst()
                        .orElse(null);
        int page = pageNumber(exchange);
        List<Map<String, Object>> rows = new ArrayList<>();
        ZoneId zoneId = sources.planner().get().schedule().timeZone();
        for (Delivery d : sources.deliveries().list(bulletin, zone, channel, status, page, 50)) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", d.id());
            row.put("bulletin", d.bulletinId());
            row.put("zone", sources.zones().find(d.zoneId()).map(Zone::name).orElse(d.zoneId()));
            row.put("channel", channelLabel(d.channel()));
            row.put("address", d.address());
            row.put("status", d.status().wireName());
            row.put("statusLabel", DELIVERY_STATUS.get(d.status().wireName()));
            row.put("attempts", d.attempts());
            row.put("error", d.lastError() == null ? "" : d.lastError());
            OffsetDateTime at = d.sentAt() != null ? d.sentAt() : d.updatedAt();
            row.put("at", at == null ? "" : at.atZoneSameInstant(zoneId).format(MINUTES));
            rows.add(row);
        }
        model.put("rows", rows);
        model.put("page", page);
        model.put("more", rows.size() == 50);
        model.put("bulletin", bulletin == null ? "" : bulletin);
        model.put("zone", zone == null ? "" : zone);
        model.put("channel", channel == null ? "" : channel);
        model.put("status", status == null ? "" : status.wireName());
        model.put("statuses", DELIVERY_STATUS);
        Map<String, String> channels = new LinkedHashMap<>();
        for (String c : List.of("email", "qq", "wecom", "dingtalk", "feishu", "webhook")) {
            channels.put(c, channelLabel(c));
        }
        model.put("channels", channels);
        model.put(
                "zones",
                sources.zones().zones().stream()
                        .map(z -> Map.of("id", z.id(), "name", z.name()))
                        .toList());
        model.put(
                "admin",
                exchange.getProperty(Access.TOKEN, ApiToken.class).role().covers(Role.ADMIN));
        model.put("redriven", Optional.ofNullable(query(exchange, "redriven")).orElse(""));
        page(exchange, 200, "desk-deliveries.ftlh", model);
    }

    /**
     * {@code POST /desk/deliveries/redrive} (admins): the failed deliveries of the filter (a bulletin, a channel) are
     * sent again; sent ones never are.
     */
    public void redrive(Exchange exchange) {
        Map<String, List<String>> form = HttpRequests.form(exchange);
        String bulletin = blankToNull(form.getOrDefault("bulletin", List.of("")).get(0));
        String channel = blankToNull(form.getOrDefault("channel", List.of("")).get(0));
        int count = sources.redrive().redrive(bulletin, channel, Delivery.Status.DEAD);
        LOG.info(
                "{} failed deliveries re-driven on the desk by {} (bulletin {}, channel {})",
                count,
                exchange.getProperty(Access.TOKEN, ApiToken.class).name(),
                bulletin == null ? "any" : bulletin,
                channel == null ? "any" : channel);
        redirect(
                exchange,
                "/desk/deliveries?redriven=" + count
                        + (bulletin == null ? "" : "&bulletin=" + URLEncoder.encode(bulletin, StandardCharsets.UTF_8))
                        + (channel == null ? "" : "&channel=" + URLEncoder.encode(channel, StandardCharsets.UTF_8)));
    }

    private static final Map<String, String> DELIVERY_STATUS =
            Map.of("pending", "待发送", "sending", "发送中", "sent", "已发出", "retrying", "重试中", "dead", "失败");

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static int pageNumber(Exchange exchange) {
        try {
            return Math.max(
                    1,
                    Integer.parseInt(
                            Optional.ofNullable(query(exchange, "page")).orElse("1")));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /**
     * {@code GET /desk/feedback?zone=&notice=&matched=}: what zones answered, newest first, by zone and by notice;
     * replies that matched no zone ({@code matched=no}) can be assigned.
     */
    public void feedback(Exchange exchange) {
        Map<String, Object> model = common(exchange, "feedback");
        String zone = query(exchange, "zone");
        String notice = query(exchange, "notice");
        String matchedText = query(exchange, "matched");
        Boolean matched = matchedText == null ? null : !matchedText.equals("no");
        int page = pageNumber(exchange);
        ZoneId office = sources.planner().get().schedule().timeZone();
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, String> titles = new HashMap<>();
        for (Feedback f :
                sources.feedback().list(new FeedbackStore.Filter(zone, notice, matched), (long) (page - 1) * 30, 30)) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", f.id());
            row.put(
                    "zone",
                    f.zoneId() == null
                            ? ""
                            : sources.zones().find(f.zoneId()).map(Zone::name).orElse(f.zoneId()));
            row.put("matched", f.matched());
            row.put(
                    "notice",
                    f.noticeId() == null
                            ? ""
                            : titles.computeIfAbsent(
                                    f.noticeId(),
                                    id -> notices.find(id).map(Notice::title).orElse(id)));
            row.put("noticeId", f.noticeId() == null ? "" : f.noticeId());
            row.put(
                    "via",
                    switch (f.via()) {
                        case "email" -> "邮件回复";
                        case "web" -> "开发区页面";
                        case "api" -> "接口";
                        default -> f.via();
                    });
            row.put("author", f.author() == null ? "" : f.author());
            row.put("subject", f.subject() == null ? "" : f.subject());
            row.put("body", f.body());
            row.put("at", f.receivedAt().atZoneSameInstant(office).format(MINUTES));
            rows.add(row);
        }
        model.put("rows", rows);
        model.put("page", page);
        model.put("more", rows.size() == 30);
        model.put("zone", zone == null ? "" : zone);
        model.put("notice", notice == null ? "" : notice);
        model.put("matched", matchedText == null ? "" : matchedText);
        model.put(
                "zones",
                sources.zones().zones().stream()
                        .map(z -> Map.of("id", z.id(), "name", z.name()))
                        .toList());
        model.put("assigned", query(exchange, "assigned") != null);
        page(exchange, 200, "desk-feedback.ftlh", model);
    }

    /** {@code POST /desk/feedback/{id}/assign} with {@code zone}: an unmatched reply becomes that zone's feedback. */
    public void assign(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        String zone = blankToNull(
                HttpRequests.form(exchange).getOrDefault("zone", List.of("")).get(0));
        if (zone == null || sources.zones().find(zone).isEmpty()) {
            throw Refusal.invalid("请选择开发区", List.of(new FieldError("zone", "请选择这条反馈来自哪个开发区。")));
        }
        if (!sources.feedback().assign(id, zone, null)) {
            throw Refusal.conflict("这条反馈不存在，或已经归到某个开发区。");
        }
        LOG.info(
                "Feedback {} assigned to {} on the desk by {}",
                id,
                zone,
                exchange.getProperty(Access.TOKEN, ApiToken.class).name());
        redirect(exchange, "/desk/feedback?matched=no&assigned=1");
    }

    /** The channels' forms a zone can be previewed in, as staff name them. */
    private static final Map<String, String> PREVIEW_FORMS = new LinkedHashMap<>(Map.of());

    static {
        PREVIEW_FORMS.put("email.html", "邮件");
        PREVIEW_FORMS.put("email.txt", "邮件（纯文本部分）");
        PREVIEW_FORMS.put("chat.md", "群消息：企业微信、钉钉、飞书、Webhook（Markdown）");
        PREVIEW_FORMS.put("chat.txt", "群消息：QQ 群（纯文本）");
    }

    /**
     * {@code GET /desk/preview?slot=&date=&zone=&form=}: what one zone will get from an occurrence (or got, once it
     * fired), in the form a channel carries it; nothing is stored or sent, and nothing signs from it.
     */
    public void occurrence(Exchange exchange) throws EditionTemplates.TemplateFailure {
        Map<String, Object> model = common(exchange, "preview");
        Planner planner = sources.planner().get();
        String slot = query(exchange, "slot");
        String zone = query(exchange, "zone");
        String dateText = query(exchange, "date");
        String form = Optional.ofNullable(query(exchange, "form"))
                .filter(PREVIEW_FORMS::containsKey)
                .orElse("email.html");
        model.put("slots", slotLabels());
        model.put(
                "zones",
                sources.zones().zones().stream()
                        .map(z -> Map.of("id", z.id(), "name", z.name()))
                        .toList());
        model.put("forms", PREVIEW_FORMS);
        model.put("slot", slot == null ? "" : slot);
        model.put("zone", zone == null ? "" : zone);
        model.put("date", dateText == null ? "" : dateText);
        model.put("form", form);
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(planner.schedule().timeZone()));
        List<String> upcoming = new ArrayList<>();
        planner.between(now.toLocalDate(), now.toLocalDate().plusWeeks(2))
                .forEach(o -> upcoming.add(o.whenInChinese() + " " + o.slot().name() + (o.moved() ? "（因节假日调整）" : "")
                        + (o.provisional() ? "（暂定）" : "")));
        model.put("upcoming", upcoming);
        if (slot != null && zone != null) {
            LocalDate date = date(dateText);
            if (dateText != null && date == null) {
                throw Refusal.invalid(
                        "日期有误", List.of(new FieldError("date", "'" + dateText + "' 不是有效日期，格式为 YYYY-MM-DD")));
            }
            EditionPreview.Rendered rendered = sources.editions().render(slot, date, zone, form);
            Map<String, Object> result = new HashMap<>();
            result.put("subject", rendered.subject());
            result.put("sent", rendered.bulletinId() != null);
            result.put("empty", rendered.empty());
            result.put("text", rendered.body().strip());
            result.put(
                    "frame",
                    "/desk/preview/mail?slot=" + url(slot) + "&zone=" + url(zone)
                            + (date == null ? "" : "&date=" + date));
            model.put("result", result);
        }
        page(exchange, 200, "desk-preview-page.ftlh", model);
    }

    /**
     * {@code GET /desk/preview/mail?slot=&date=&zone=}: the mail's HTML for the preview's frame, sandboxed: no scripts,
     * no forms, its own styles only (mail HTML carries inline styles).
     */
    public void previewMail(Exchange exchange) throws EditionTemplates.TemplateFailure {
        String slot = query(exchange, "slot");
        String zone = query(exchange, "zone");
        if (slot == null || zone == null) {
            throw Refusal.invalid("缺少参数", List.of(new FieldError("zone", "请选择时段和开发区。")));
        }
        EditionPreview.Rendered rendered =
                sources.editions().render(slot, date(query(exchange, "date")), zone, "email.html");
        HttpReply.text(exchange, 200, "text/html; charset=utf-8", rendered.body());
        var message = exchange.getMessage();
        message.setHeader(
                "Content-Security-Policy",
                "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'");
        message.setHeader("X-Frame-Options", "SAMEORIGIN");
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setHeader("Expires", "0");
    }

    private static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** {@code GET /assets/{name}}: the stylesheet and the script every page loads. */
    public void asset(Exchange exchange) {
        String name = exchange.getMessage().getHeader("name", String.class);
        byte[] body = name == null ? null : assets.get(name);
        if (body == null) {
            throw Refusal.notFound("没有这个文件。");
        }
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, ASSETS.get(name)[1]);
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setBody(body);
    }

    /**
     * The page for what went wrong: sign-in for a browser without a session, the reason for a refusal, and for a fault
     * a reference to find it in the log, never a stack trace.
     */
    public void error(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status;
        String message;
        if (failure instanceof PageAccess.Refused refused) {
            if (refused.signIn()) {
                signIn(exchange, refused.getMessage());
                return;
            }
            status = refused.status();
            message = refused.getMessage();
        } else if (failure instanceof Refusal refusal) {
            status = switch (refusal.kind()) {
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case INVALID -> 400;
            };
            // What to change, in the words of each field's check; the count alone helps nobody.
            message = refusal.errors().isEmpty()
                    ? refusal.detail()
                    : String.join(
                            "；",
                            refusal.errors().stream().map(FieldError::message).toList());
        } else {
            String reference = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("Desk page {} failed (reference {})", HttpRequests.uri(exchange), reference, failure);
            status = 500;
            message = "页面出错了，操作可能没有完成。请稍后重试；如果一再出现，请把编号 " + reference + " 告诉管理员。";
        }
        Map<String, Object> model = new HashMap<>();
        model.put("office", officeName);
        model.put("status", status);
        model.put("message", message);
        ApiToken token = exchange.getProperty(Access.TOKEN, ApiToken.class);
        String session = exchange.getProperty(PageAccess.SESSION, String.class);
        model.put("who", token == null ? "" : token.name());
        model.put("csrf", session == null ? "" : Sessions.formToken(session));
        model.put("active", "");
        page(exchange, status, "desk-error.ftlh", model);
    }

    private void signIn(Exchange exchange, String message) {
        Map<String, Object> model = new HashMap<>();
        model.put("office", officeName);
        model.put("message", message);
        String uri = HttpRequests.uri(exchange);
        model.put("next", "GET".equals(HttpRequests.method(exchange)) && uri != null ? uri : "/desk/notices");
        page(exchange, 401, "login.ftlh", model);
    }

    private Map<String, Object> composeModel(Exchange exchange, NoticeForm form, List<FieldError> problems) {
        Map<String, Object> model = common(exchange, "compose");
        model.put("form", form.model());
        Map<String, List<String>> byField = new LinkedHashMap<>();
        for (FieldError problem : problems) {
            byField.computeIfAbsent(NoticeForm.fieldOf(problem), f -> new ArrayList<>())
                    .add(problem.message());
        }
        model.put("problems", byField);
        model.put("problemCount", problems.size());
        model.put("maxAttachmentBytes", NoticeDraft.MAX_ATTACHMENT_BYTES);
        model.put("fileFields", FILE_FIELDS);
        model.put("categories", categoryLabels());
        ZoneDirectory zones = sources.zones();
        Map<String, Integer> tags = new TreeMap<>();
        Map<String, Integer> cities = new TreeMap<>();
        Map<String, Integer> tiers = new LinkedHashMap<>();
        for (Tier tier : Tier.values()) {
            tiers.put(tier.wireName(), 0);
        }
        for (Zone zone : zones.zones()) {
            zone.tags().forEach(tag -> tags.merge(tag, 1, Integer::sum));
            cities.merge(zone.city(), 1, Integer::sum);
            tiers.merge(zone.tier().wireName(), 1, Integer::sum);
        }
        model.put("tags", tags);
        model.put("cities", cities);
        List<Map<String, Object>> tierList = new ArrayList<>();
        tiers.forEach((tier, count) ->
                tierList.add(Map.of("id", tier, "label", Tier.BY_NAME.get(tier).label(), "count", count)));
        model.put("tiers", tierList);
        model.put(
                "zones",
                zones.zones().stream()
                        .map(z -> Map.of("id", z.id(), "name", z.name()))
                        .toList());
        model.put("zoneCount", zones.zones().size());
        model.put("preview", previewModel(form));
        model.put("showPreview", false);
        model.put("slotsByCategory", slotsByCategory());
        return model;
    }

    /** The notice as zones will get it, who gets it, and when it goes out: nothing is stored. */
    private Map<String, Object> previewModel(NoticeForm form) {
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

    private Map<String, String> slotsByCategory() {
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

    private Map<String, Object> noticeModel(Notice n) {
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

    private Map<String, Object> common(Exchange exchange, String active) {
        Map<String, Object> model = new HashMap<>();
        model.put("office", officeName);
        model.put("who", exchange.getProperty(Access.TOKEN, ApiToken.class).name());
        model.put("csrf", Sessions.formToken(exchange.getProperty(PageAccess.SESSION, String.class)));
        model.put("active", active);
        return model;
    }

    private byte[] json(NoticeForm form) {
        return json(form, List.of());
    }

    /** The notice as the API takes it, with the files uploaded with the form (an empty file input sends none). */
    private byte[] json(NoticeForm form, List<Upload> uploads) {
        ObjectNode json = form.json(mapper);
        if (!uploads.isEmpty()) {
            var attachments = json.putArray("attachments");
            for (Upload upload : uploads) {
                attachments
                        .addObject()
                        .put("name", upload.name())
                        .put("contentType", upload.contentType())
                        .put("contentBase64", Base64.getEncoder().encodeToString(upload.bytes()));
            }
        }
        try {
            return mapper.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file uploaded with a form. */
    private record Upload(String name, String contentType, byte[] bytes) {}

    /** The file inputs of the 写通知 form: one file each (the HTTP server keeps one file per field name). */
    static final List<String> FILE_FIELDS = List.of("file1", "file2", "file3");

    /** The files uploaded with the form, in the form's order; an input left empty sends none. */
    private static List<Upload> uploads(Exchange exchange) {
        AttachmentMessage message = exchange.getMessage(AttachmentMessage.class);
        if (!message.hasAttachments()) {
            return List.of();
        }
        List<Upload> uploads = new ArrayList<>();
        for (String field : FILE_FIELDS) {
            DataHandler file = message.getAttachment(field);
            // The handler is named after the file as the browser sent it; an empty input sends a part without a name.
            if (file == null || file.getName() == null || file.getName().isBlank()) {
                continue;
            }
            try (InputStream in = file.getInputStream()) {
                String type = file.getContentType();
                uploads.add(new Upload(
                        file.getName(),
                        type == null || type.isBlank() ? "application/octet-stream" : type,
                        in.readAllBytes()));
            } catch (IOException e) {
                throw new IllegalStateException("an uploaded file could not be read", e);
            }
        }
        return uploads;
    }

    private void page(Exchange exchange, int status, String template, Map<String, Object> model) {
        HttpReply.page(exchange, status, pages.render(template, model));
    }

    private static void redirect(Exchange exchange, String location) {
        HttpReply.text(exchange, 303, "text/plain; charset=utf-8", "");
        exchange.getMessage().setHeader("Location", location);
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(sources.planner().get().schedule().timeZone()));
    }

    /** A CSV cell: quoted when it holds a comma, quote or line break; a leading =, +, - or @ cannot start a formula. */
    static String csvCell(String value) {
        String text = value == null ? "" : value;
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    private static String query(Exchange exchange, String name) {
        String value = HttpRequests.queryParameter(exchange, name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static LocalDate date(String text) {
        try {
            return text == null || text.isBlank() ? null : LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Map<String, String> statusLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("queued", "待发送");
        labels.put("scheduled", "已编入公报");
        labels.put("sent", "已发出");
        labels.put("withdrawn", "已撤回");
        return labels;
    }

    private static Map<String, String> categoryLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Category category : Category.values()) {
            labels.put(category.wireName(), category.label());
        }
        return labels;
    }

    private Map<String, String> slotLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        notices.schedule().slots().forEach(s -> labels.put(s.id(), s.name()));
        return labels;
    }

    private static String sourceLabel(String source) {
        return switch (source) {
            case "web" -> "网页";
            case "rest" -> "接口";
            case "jms" -> "消息队列";
            case "email" -> "邮件";
            default -> source;
        };
    }

    private static String channelLabel(String channel) {
        return switch (channel) {
            case "email" -> "邮件";
            case "qq" -> "QQ 群";
            case "wecom" -> "企业微信";
            case "dingtalk" -> "钉钉";
            case "feishu" -> "飞书";
            case "webhook" -> "Webhook";
            default -> channel;
        };
    }

    /** The version of a WebJar on the class path, from its Maven metadata (so that upgrading it is one pom edit). */
    private static String webJarVersion(String artifact) {
        var properties = new Properties();
        try (InputStream in = DeskPages.class.getResourceAsStream(
                "/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the WebJar " + artifact + " is missing from the jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties.getProperty("version");
    }

    private static byte[] resource(String path) {
        try (InputStream in = DeskPages.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(path + " could not be read", e);
        }
    }
}
