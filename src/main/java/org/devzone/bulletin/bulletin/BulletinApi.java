package org.devzone.bulletin.bulletin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.devzone.bulletin.delivery.DeliveryStore;
import org.devzone.bulletin.delivery.EditionTemplates;
import org.devzone.bulletin.notice.Notice;
import org.devzone.bulletin.notice.NoticeService;
import org.devzone.bulletin.platform.ApiException;
import org.devzone.bulletin.platform.HttpReply;
import org.devzone.bulletin.platform.JsonTimes;
import org.devzone.bulletin.platform.QueryParams;
import org.devzone.bulletin.receipt.ReceiptService;
import org.devzone.bulletin.zone.ZoneDirectory;

/** {@code /api/bulletins} and {@code /api/slots/{slot}/fire}: what went out, to whom, and firing a slot by hand. */
public final class BulletinApi {

    private static final int MAX_SIZE = 200;

    private final BulletinService service;
    private final BulletinStore store;
    private final NoticeService notices;
    private final ZoneDirectory zones;
    private final ObjectMapper mapper;

    private final String officeName;
    private final DeliveryStore deliveries;
    private final EditionTemplates templates;
    private final ReceiptService receipts;

    /** The forms an edition can be rendered in: the template files that make them. */
    private static final Map<String, String> FORMS = Map.of("email.txt", "email.txt.ftl", "email.html", "email.html.ftlh",
            "chat.md", "chat.md.ftl", "chat.txt", "chat.txt.ftl");

    public BulletinApi(BulletinService service, BulletinStore store, NoticeService notices, ZoneDirectory zones,
            ObjectMapper mapper, String officeName, DeliveryStore deliveries, EditionTemplates templates,
            ReceiptService receipts) {
        this.officeName = officeName;
        this.templates = templates;
        this.receipts = receipts;
        this.deliveries = deliveries;
        this.service = service;
        this.store = store;
        this.notices = notices;
        this.zones = zones;
        this.mapper = mapper;
    }

    public void list(Exchange exchange) {
        QueryParams params = new QueryParams(exchange);
        String slot = params.text("slot");
        LocalDate from = params.date("from", null);
        LocalDate to = params.date("to", null);
        int page = params.number("page", 1, 1, Integer.MAX_VALUE);
        int size = params.number("size", 20, 1, MAX_SIZE);
        params.throwIfInvalid();
        ObjectNode body = mapper.createObjectNode();
        ArrayNode items = body.putArray("items");
        store.list(slot, from, to, page, size).forEach(b -> items.add(summary(b.bulletin(), b.noticeCount(), b.editionCount())));
        body.put("page", page);
        body.put("size", size);
        HttpReply.json(exchange, mapper, 200, body);
    }

    public void get(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        Bulletin bulletin = store.find(id).orElseThrow(() -> ApiException.notFound("没有 id 为 " + id + " 的公报"));
        HttpReply.json(exchange, mapper, 200, full(bulletin));
    }

    /** POST: 201 with the new bulletin, or 200 with the one this occurrence already made. */
    public void fire(Exchange exchange) {
        QueryParams params = new QueryParams(exchange);
        LocalDate date = params.date("date", null);
        params.throwIfInvalid();
        BulletinStore.Created created = service.fireManually(exchange.getMessage().getHeader("slot", String.class), date);
        HttpReply.json(exchange, mapper, created.created() ? 201 : 200, full(created.bulletin()));
        if (created.created()) {
            exchange.getMessage().setHeader("Location", "/api/bulletins/" + created.bulletin().id());
        }
    }

    /**
     * GET /api/slots/{slot}/render?date=&zone=&form=: one zone's edition as the templates in config/templates/ make it
     * (the email's text by default; {@code email.html}, {@code chat.md}, {@code chat.txt}), nothing stored or sent.
     */
    public void render(Exchange exchange) {
        QueryParams params = new QueryParams(exchange);
        LocalDate date = params.date("date", null);
        String zone = params.text("zone");
        if (zone == null) {
            params.error("zone", "必填：开发区 id，例如 dongzhou-etdz");
        }
        String form = params.text("form") == null ? "email.txt" : params.text("form");
        if (!FORMS.containsKey(form)) {
            params.error("form", "未知的形式 '" + form + "'，可选值：email.txt、email.html、chat.md、chat.txt");
        }
        params.throwIfInvalid();
        BulletinService.EditionPreview preview = service.previewEdition(
                exchange.getMessage().getHeader("slot", String.class), date, zone);
        List<Notice> list = preview.noticeIds().stream().map(id -> notices.find(id).orElseThrow()).toList();
        EditionTemplates.Edition edition = new EditionTemplates.Edition(officeName, preview.slot().id(),
                preview.slot().name(), preview.slot().template(), preview.date(), false, preview.zone().id(),
                preview.zone().name(), preview.zone().city(), list, Map.of(), sections(preview.sections()),
                // A preview is not a key: its receipt links open the page marked 预览 and cannot sign.
                receipts.previewLinks(list, preview.zone().id(), preview.date()),
                preview.sections() != null && preview.sections().contains("\"receipts\"")
                        ? receipts.owedPreview(preview.zone().id(), preview.date()) : List.of());
        String status = preview.bulletinId() == null ? "（预览：尚未发送）" : "（已发送，公报 " + preview.bulletinId() + "）";
        String empty = list.isEmpty() && preview.sections() == null ? "本期没有发给该开发区的内容，该开发区不会收到这一期。" : null;
        try {
            String rendered = templates.render(edition, FORMS.get(form));
            if (form.equals("email.html")) {
                HttpReply.text(exchange, 200, "text/html; charset=utf-8", rendered);
                exchange.getMessage().setHeader("X-Edition-Status",
                        preview.bulletinId() == null ? "preview" : "sent; bulletin=" + preview.bulletinId());
                return;
            }
            StringBuilder out = new StringBuilder();
            if (form.startsWith("email")) {
                out.append("主题：").append(templates.render(edition, "email.subject.ftl").strip()).append('\n');
            }
            out.append(status).append("\n");
            if (empty != null) {
                out.append(empty).append('\n');
            }
            out.append('\n').append(rendered.strip()).append('\n');
            HttpReply.text(exchange, 200, "text/plain; charset=utf-8", out.toString());
        } catch (EditionTemplates.TemplateFailure e) {
            throw new ApiException(500, "about:blank", "模板出错", "config/templates/ 中的模板出错，修改后即可生效：" + e.getMessage(),
                    List.of());
        }
    }

    private Map<String, Object> sections(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> sections = mapper.readValue(json, Map.class);
            return sections;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored sections are not JSON", e);
        }
    }

    private ObjectNode summary(Bulletin b, int noticeCount, int editionCount) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", b.id());
        node.put("slot", b.slot());
        node.put("date", b.date().toString());
        node.put("kind", b.kind().name().toLowerCase(Locale.ROOT));
        node.put("status", b.status().name().toLowerCase(Locale.ROOT));
        node.put("firedBy", b.firedBy());
        node.put("provisional", b.provisional());
        node.put("noticeCount", noticeCount);
        node.put("editionCount", editionCount);
        node.put("createdAt", JsonTimes.seconds(b.createdAt()));
        node.put("publishedAt", JsonTimes.seconds(b.publishedAt()));
        return node;
    }

    private ObjectNode full(Bulletin b) {
        ObjectNode node = summary(b, b.noticeIds().size(), b.editions().size());
        ArrayNode list = node.putArray("notices");
        for (String noticeId : b.noticeIds()) {
            Notice n = notices.find(noticeId).orElseThrow();
            list.addObject().put("id", n.id()).put("category", n.category().wireName()).put("title", n.title())
                    .put("priority", n.priority().wireName()).put("status", n.status().wireName());
        }
        ArrayNode editions = node.putArray("editions");
        for (Bulletin.Edition e : b.editions()) {
            ObjectNode edition = editions.addObject();
            edition.put("zone", e.zoneId());
            edition.put("zoneName", zones.find(e.zoneId()).map(z -> z.name()).orElse(null));
            e.noticeIds().forEach(edition.putArray("notices")::add);
        }
        ObjectNode counts = node.putObject("deliveries");
        deliveries.counts(b.id()).forEach((channel, byStatus) -> {
            ObjectNode perChannel = counts.putObject(channel);
            byStatus.forEach(perChannel::put);
        });
        if (b.sections() != null) {
            try {
                node.set("sections", mapper.readTree(b.sections()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored sections are not JSON", e);
            }
        }
        return node;
    }

}
