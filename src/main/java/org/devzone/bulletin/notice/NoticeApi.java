package org.devzone.bulletin.notice;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.devzone.bulletin.cadence.Category;
import org.devzone.bulletin.platform.ApiException;
import org.devzone.bulletin.platform.HttpReply;
import org.devzone.bulletin.platform.QueryParams;

/** The handlers behind {@code /api/notices}; the REST DSL in {@code routes/} maps paths to them. */
public final class NoticeApi {

    private final NoticeService service;
    private final ObjectMapper mapper;
    private final NoticeJson json;

    public NoticeApi(NoticeService service, ObjectMapper mapper) {
        this.service = service;
        this.mapper = mapper;
        this.json = new NoticeJson(mapper);
    }

    /** POST: 202 with id, status and slot for a new notice; 200 with the stored notice for a known externalId. */
    public void create(Exchange exchange) {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            throw new ApiException(
                    415,
                    "unsupported-media-type",
                    "请求格式不支持",
                    "通知须以 JSON 提交，请设置请求头 Content-Type: application/json（收到的是 " + contentType + "）。",
                    List.of());
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        NoticeStore.Stored stored = service.accept(body, "rest", null);
        Notice notice = stored.notice();
        if (stored.created()) {
            HttpReply.json(exchange, mapper, 202, json.accepted(notice));
            exchange.getMessage().setHeader("Location", "/api/notices/" + notice.id());
        } else {
            HttpReply.json(exchange, mapper, 200, json.full(notice));
        }
    }

    public void list(Exchange exchange) {
        QueryParams params = new QueryParams(exchange);
        String statusText = params.text("status");
        NoticeStatus status = statusText == null
                ? null
                : NoticeStatus.fromWireName(statusText).orElse(null);
        if (statusText != null && status == null) {
            params.error("status", "未知的状态 '" + statusText + "'，可选值：queued、scheduled、withdrawn、sent");
        }
        String categoryText = params.text("category");
        Category category = categoryText == null ? null : Category.BY_NAME.get(categoryText);
        if (categoryText != null && category == null) {
            params.error("category", "未知的类别 '" + categoryText + "'，可选值：" + String.join("、", Category.BY_NAME.keySet()));
        }
        String slot = params.text("slot");
        if (slot != null && service.schedule().find(slot).isEmpty()) {
            params.error(
                    "slot",
                    "未知的时段 '" + slot + "'，可选值："
                            + String.join(
                                    "、",
                                    service.schedule().slots().stream()
                                            .map(s -> s.id())
                                            .toList()));
        }
        int page = params.number("page", 1, 1, Integer.MAX_VALUE);
        int size = params.number("size", 20, 1, NoticeFilter.MAX_SIZE);
        params.throwIfInvalid();
        NoticePage result = service.list(new NoticeFilter(status, category, slot, page, size));
        HttpReply.json(exchange, mapper, 200, json.page(result));
    }

    public void get(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        Notice notice = service.find(id).orElseThrow(() -> ApiException.notFound("没有 id 为 " + id + " 的通知"));
        HttpReply.json(exchange, mapper, 200, json.full(notice));
    }

    /** DELETE: withdraws a queued notice (200 with it), 404 if unknown, 409 once it has gone out. */
    public void withdraw(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        HttpReply.json(exchange, mapper, 200, json.full(service.withdraw(id)));
    }
}
