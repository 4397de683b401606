package org.devzone.bulletin.delivery;

import java.time.LocalDate;
import java.util.List;
import org.apache.camel.Exchange;
import org.devzone.bulletin.platform.ApiException;
import org.devzone.bulletin.platform.HttpReply;
import org.devzone.bulletin.platform.QueryParams;

/** {@code /api/slots/{slot}/render}: one zone's edition as the templates make it, without sending anything. */
public final class EditionPreviewApi {

    private final EditionPreview preview;

    public EditionPreviewApi(EditionPreview preview) {
        this.preview = preview;
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
        if (!EditionPreview.FORMS.containsKey(form)) {
            params.error("form", "未知的形式 '" + form + "'，可选值：email.txt、email.html、chat.md、chat.txt");
        }
        params.throwIfInvalid();
        try {
            EditionPreview.Rendered rendered =
                    preview.render(exchange.getMessage().getHeader("slot", String.class), date, zone, form);
            if (form.equals("email.html")) {
                HttpReply.text(exchange, 200, "text/html; charset=utf-8", rendered.body());
                exchange.getMessage()
                        .setHeader(
                                "X-Edition-Status",
                                rendered.bulletinId() == null ? "preview" : "sent; bulletin=" + rendered.bulletinId());
                return;
            }
            StringBuilder out = new StringBuilder();
            if (form.startsWith("email")) {
                out.append("主题：").append(rendered.subject()).append('\n');
            }
            out.append(rendered.bulletinId() == null ? "（预览：尚未发送）" : "（已发送，公报 " + rendered.bulletinId() + "）")
                    .append("\n");
            if (rendered.empty()) {
                out.append("本期没有发给该开发区的内容，该开发区不会收到这一期。").append('\n');
            }
            out.append('\n').append(rendered.body().strip()).append('\n');
            HttpReply.text(exchange, 200, "text/plain; charset=utf-8", out.toString());
        } catch (EditionTemplates.TemplateFailure e) {
            throw new ApiException(
                    500, "about:blank", "模板出错", "config/templates/ 中的模板出错，修改后即可生效：" + e.getMessage(), List.of());
        }
    }
}
