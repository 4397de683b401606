package org.devzone.bulletin.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.devzone.bulletin.bulletin.BulletinService;
import org.devzone.bulletin.notice.Notice;
import org.devzone.bulletin.notice.NoticeService;
import org.devzone.bulletin.platform.ApiException;
import org.devzone.bulletin.platform.HttpReply;
import org.devzone.bulletin.platform.QueryParams;
import org.devzone.bulletin.receipt.ReceiptService;

/** {@code /api/slots/{slot}/render}: one zone's edition as the templates make it, without sending anything. */
public final class EditionPreviewApi {

    /** The forms an edition can be rendered in: the template files that make them. */
    private static final Map<String, String> FORMS = Map.of(
            "email.txt",
            "email.txt.ftl",
            "email.html",
            "email.html.ftlh",
            "chat.md",
            "chat.md.ftl",
            "chat.txt",
            "chat.txt.ftl");

    private final BulletinService service;
    private final NoticeService notices;
    private final EditionTemplates templates;
    private final ReceiptService receipts;
    private final ObjectMapper mapper;
    private final String officeName;

    public EditionPreviewApi(
            BulletinService service,
            NoticeService notices,
            EditionTemplates templates,
            ReceiptService receipts,
            ObjectMapper mapper,
            String officeName) {
        this.service = service;
        this.notices = notices;
        this.templates = templates;
        this.receipts = receipts;
        this.mapper = mapper;
        this.officeName = officeName;
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
        BulletinService.EditionPreview preview =
                service.previewEdition(exchange.getMessage().getHeader("slot", String.class), date, zone);
        List<Notice> list = preview.noticeIds().stream()
                .map(id -> notices.find(id).orElseThrow())
                .toList();
        EditionTemplates.Edition edition = new EditionTemplates.Edition(
                officeName,
                preview.slot().id(),
                preview.slot().name(),
                preview.slot().template(),
                preview.date(),
                false,
                preview.zone().id(),
                preview.zone().name(),
                preview.zone().city(),
                list,
                Map.of(),
                sections(preview.sections()),
                // A preview is not a key: its receipt links open the page marked 预览 and cannot sign.
                receipts.previewLinks(list, preview.zone().id(), preview.date()),
                preview.sections() != null && preview.sections().contains("\"receipts\"")
                        ? receipts.owedPreview(preview.zone().id(), preview.date())
                        : List.of(),
                // Nor does it carry the zone's page link, which opens the zone's page for real.
                null);
        String status = preview.bulletinId() == null ? "（预览：尚未发送）" : "（已发送，公报 " + preview.bulletinId() + "）";
        String empty = list.isEmpty() && preview.sections() == null ? "本期没有发给该开发区的内容，该开发区不会收到这一期。" : null;
        try {
            String rendered = templates.render(edition, FORMS.get(form));
            if (form.equals("email.html")) {
                HttpReply.text(exchange, 200, "text/html; charset=utf-8", rendered);
                exchange.getMessage()
                        .setHeader(
                                "X-Edition-Status",
                                preview.bulletinId() == null ? "preview" : "sent; bulletin=" + preview.bulletinId());
                return;
            }
            StringBuilder out = new StringBuilder();
            if (form.startsWith("email")) {
                out.append("主题：")
                        .append(templates.render(edition, "email.subject.ftl").strip())
                        .append('\n');
            }
            out.append(status).append("\n");
            if (empty != null) {
                out.append(empty).append('\n');
            }
            out.append('\n').append(rendered.strip()).append('\n');
            HttpReply.text(exchange, 200, "text/plain; charset=utf-8", out.toString());
        } catch (EditionTemplates.TemplateFailure e) {
            throw new ApiException(
                    500, "about:blank", "模板出错", "config/templates/ 中的模板出错，修改后即可生效：" + e.getMessage(), List.of());
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
}
