package org.devzone.bulletin.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.devzone.bulletin.access.Access;
import org.devzone.bulletin.access.ApiToken;
import org.devzone.bulletin.platform.ApiException;
import org.devzone.bulletin.platform.FieldError;
import org.devzone.bulletin.platform.HttpReply;
import org.devzone.bulletin.platform.JsonTimes;
import org.devzone.bulletin.platform.QueryParams;
import org.devzone.bulletin.zone.Zone;
import org.devzone.bulletin.zone.ZoneDirectory;

/** GET /api/feedback: what zones answered, newest first (filters: zone, notice, matched). */
public final class FeedbackApi {

    private static final int MAX_SIZE = 200;

    private static final Set<String> FIELDS = Set.of("notice", "subject", "text", "author");

    private final FeedbackStore store;
    private final ZoneDirectory zones;
    private final ObjectMapper mapper;
    private final Clock clock;

    public FeedbackApi(FeedbackStore store, ZoneDirectory zones, ObjectMapper mapper, Clock clock) {
        this.store = store;
        this.zones = zones;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * POST /api/feedback with a zone's token ({@code Authorization: Bearer ...}): {@code {"text", "notice"?, "subject"?,
     * "author"?}}. The zone is the token's; a notice must be one that reached that zone. 201 with the stored feedback.
     */
    public void create(Exchange exchange) {
        // The access check let only a zone's token through.
        ApiToken token = exchange.getProperty(Access.TOKEN, ApiToken.class);
        String zoneId = token.zoneId();
        JsonNode body;
        try {
            body = mapper.readTree(exchange.getMessage().getBody(byte[].class));
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(
                    "请求体不是 JSON 对象", List.of(new FieldError("body", "应为 JSON 对象，例如 {\"text\": \"……\"}")));
        }
        List<FieldError> errors = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                errors.add(new FieldError(f, "未知字段（可用字段：text、notice、subject、author；" + "开发区由令牌决定，不能指定）"));
            }
        });
        String text = textField(body, "text", 10_000, true, errors);
        String notice = textField(body, "notice", 36, false, errors);
        String subject = textField(body, "subject", 200, false, errors);
        String author = textField(body, "author", 100, false, errors);
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("反馈有误", errors);
        }
        if (notice != null && !store.reached(notice, zoneId)) {
            throw ApiException.notFound("没有发给本开发区的 id 为 " + notice + " 的通知");
        }
        Feedback feedback = new Feedback(
                UUID.randomUUID().toString(),
                zoneId,
                notice,
                null,
                null,
                "api",
                author == null ? token.name() : author,
                subject,
                text,
                true,
                OffsetDateTime.now(clock));
        store.add(feedback, null);
        ObjectNode answer = mapper.createObjectNode();
        answer.put("id", feedback.id());
        answer.put("zone", zoneId);
        answer.put("notice", notice);
        answer.put("receivedAt", JsonTimes.seconds(feedback.receivedAt()));
        HttpReply.json(exchange, mapper, 201, answer);
    }

    private static String textField(JsonNode body, String field, int max, boolean required, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "必填"));
            }
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            errors.add(new FieldError(field, "应为非空文本"));
            return null;
        }
        String value = node.asText().strip();
        if (value.length() > max) {
            errors.add(new FieldError(field, "不能超过 " + max + " 个字符（当前 " + value.length() + "）"));
            return null;
        }
        return value;
    }

    public void list(Exchange exchange) {
        QueryParams params = new QueryParams(exchange);
        String zone = params.text("zone");
        if (zone != null && zones.find(zone).isEmpty()) {
            params.error("zone", "没有 id 为 " + zone + " 的开发区");
        }
        String matchedText = params.text("matched");
        if (matchedText != null && !matchedText.equals("true") && !matchedText.equals("false")) {
            params.error("matched", "只能是 true 或 false");
        }
        int page = params.number("page", 1, 1, Integer.MAX_VALUE);
        int size = params.number("size", 50, 1, MAX_SIZE);
        params.throwIfInvalid();
        Boolean matched = matchedText == null ? null : Boolean.valueOf(matchedText);
        ObjectNode body = mapper.createObjectNode();
        ArrayNode items = body.putArray("items");
        for (Feedback f : store.list(
                new FeedbackStore.Filter(zone, params.text("notice"), matched), (long) (page - 1) * size, size)) {
            ObjectNode item = items.addObject();
            item.put("id", f.id());
            item.put("zone", f.zoneId());
            item.put(
                    "zoneName",
                    f.zoneId() == null
                            ? null
                            : zones.find(f.zoneId()).map(Zone::name).orElse(null));
            item.put("notice", f.noticeId());
            item.put("bulletin", f.bulletinId());
            item.put("via", f.via());
            item.put("author", f.author());
            item.put("subject", f.subject());
            item.put("body", f.body());
            item.put("matched", f.matched());
            item.put("receivedAt", JsonTimes.seconds(f.receivedAt()));
        }
        body.put("page", page);
        body.put("size", size);
        HttpReply.json(exchange, mapper, 200, body);
    }
}
