package org.devzone.bulletin.desk;

import static org.devzone.bulletin.desk.DeskView.date;
import static org.devzone.bulletin.desk.DeskView.query;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.devzone.bulletin.cadence.Planner;
import org.devzone.bulletin.delivery.EditionPreview;
import org.devzone.bulletin.delivery.EditionTemplates;
import org.devzone.bulletin.platform.FieldError;
import org.devzone.bulletin.platform.HttpReply;
import org.devzone.bulletin.platform.Refusal;

/** 预览: what one zone will get from an occurrence (or got), in each channel's form; nothing is sent or signed. */
public final class PreviewPages {

    private final DeskSources sources;
    private final Clock clock;
    private final DeskView view;

    PreviewPages(DeskSources sources, Clock clock, DeskView view) {
        this.sources = sources;
        this.clock = clock;
        this.view = view;
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
        Map<String, Object> model = view.common(exchange, "preview");
        Planner planner = sources.planner().get();
        String slot = query(exchange, "slot");
        String zone = query(exchange, "zone");
        String dateText = query(exchange, "date");
        String form = Optional.ofNullable(query(exchange, "form"))
                .filter(PREVIEW_FORMS::containsKey)
                .orElse("email.html");
        model.put("slots", view.slotLabels());
        model.put("zones", DeskView.zoneChoices(sources.zones()));
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
        view.page(exchange, 200, "desk-preview-page.ftlh", model);
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
}
