package org.devzone.bulletin.desk;

import static org.devzone.bulletin.desk.DeskView.query;
import static org.devzone.bulletin.desk.DeskView.redirect;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.devzone.bulletin.access.Access;
import org.devzone.bulletin.access.ApiToken;
import org.devzone.bulletin.platform.FieldError;
import org.devzone.bulletin.platform.HttpReply;
import org.devzone.bulletin.platform.HttpRequests;
import org.devzone.bulletin.platform.Refusal;
import org.devzone.bulletin.receipt.ReceiptMatrix;
import org.devzone.bulletin.receipt.ReceiptStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** 签收: who has signed for which document, its CSV, and an admin's reminder sent now. */
public final class ReceiptPages {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiptPages.class);

    private final DeskSources sources;
    private final DeskView view;

    ReceiptPages(DeskSources sources, DeskView view) {
        this.sources = sources;
        this.view = view;
    }

    /** {@code GET /desk/receipts}: who has signed for which document, overdue zones first. */
    public void receipts(Exchange exchange) {
        Map<String, Object> model = view.common(exchange, "receipts");
        model.putAll(ReceiptMatrix.of(sources.receipts(), sources.zones(), view.today()));
        model.put("request", UUID.randomUUID().toString());
        String reminded = query(exchange, "reminded");
        model.put("reminded", reminded == null ? "" : reminded);
        view.page(exchange, 200, "desk-receipts.ftlh", model);
    }

    /**
     * {@code GET /desk/receipts.csv}: the same matrix for a spreadsheet: UTF-8 with a byte order mark, so that Excel
     * shows the Chinese as it is.
     */
    @SuppressWarnings("unchecked")
    public void receiptsCsv(Exchange exchange) {
        LocalDate today = view.today();
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
        List<ReceiptStore.Row> rows = sources.receipts().forNotice(id);
        if (rows.isEmpty()) {
            throw Refusal.notFound("没有编号为 " + id + " 的已发出公文。");
        }
        List<String> unsigned = rows.stream()
                .filter(r -> r.signedAt() == null)
                .map(ReceiptStore.Row::zoneId)
                .distinct()
                .toList();
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
}
