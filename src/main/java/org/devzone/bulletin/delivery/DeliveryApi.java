package org.devzone.bulletin.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.devzone.bulletin.platform.HttpReply;
import org.devzone.bulletin.platform.JsonTimes;
import org.devzone.bulletin.platform.QueryParams;

/** {@code GET /api/deliveries}: what reached whom, by bulletin, zone, channel and status. */
public final class DeliveryApi {

    private static final int MAX_SIZE = 500;

    private final DeliveryStore store;
    private final ObjectMapper mapper;
    private final Redrive redrive;

    public DeliveryApi(DeliveryStore store, ObjectMapper mapper, Redrive redrive) {
        this.store = store;
        this.mapper = mapper;
        this.redrive = redrive;
    }

    /**
     * POST /api/deliveries/redrive?bulletin=&channel=&status=: sends dead deliveries (or, with status=retrying,
     * stuck ones) again; 202 with how many. Sent deliveries are never sent again.
     */
    public void redrive(Exchange exchange) {
        QueryParams params = new QueryParams(exchange);
        Map<String, String> filter = new HashMap<>();
        for (String name : REDRIVE_FILTER) {
            if (params.text(name) != null) {
                filter.put(name, params.text(name));
            }
        }
        // The filter may come in a JSON body instead: a body that is not read would re-drive everything.
        String body = exchange.getMessage().getBody(String.class);
        if (body != null && !body.isBlank()) {
            JsonNode json = null;
            try {
                json = mapper.readTree(body);
            } catch (IOException e) {
                params.error("$", "不是有效的 JSON：应为 {\"bulletin\", \"channel\", \"status\"} 或不带请求体");
            }
            if (json != null && !json.isObject()) {
                params.error("$", "应为 JSON 对象 {\"bulletin\", \"channel\", \"status\"}");
            } else if (json != null) {
                for (var field : json.properties()) {
                    String name = field.getKey();
                    if (!REDRIVE_FILTER.contains(name)) {
                        params.error(name, "未知字段；可用字段：bulletin、channel、status");
                    } else if (!field.getValue().isTextual()
                            || field.getValue().asText().isBlank()) {
                        params.error(name, "应为非空字符串");
                    } else if (filter.containsKey(name)
                            && !filter.get(name)
                                    .equals(field.getValue().asText().strip())) {
                        params.error(name, "查询参数与请求体给出了不同的值");
                    } else {
                        filter.put(name, field.getValue().asText().strip());
                    }
                }
            }
        }
        String statusText = filter.get("status");
        Delivery.Status status = Delivery.Status.DEAD;
        if ("retrying".equals(statusText)) {
            status = Delivery.Status.RETRYING;
        } else if (statusText != null && !"dead".equals(statusText)) {
            params.error("status", "只能重发 dead（默认）或 retrying 的投递，不能是 '" + statusText + "'");
        }
        params.throwIfInvalid();
        ObjectNode answer = mapper.createObjectNode();
        answer.put("redriven", redrive.redrive(filter.get("bulletin"), filter.get("channel"), status));
        HttpReply.json(exchange, mapper, 202, answer);
    }

    private static final List<String> REDRIVE_FILTER = List.of("bulletin", "channel", "status");

    public void list(Exchange exchange) {
        QueryParams params = new QueryParams(exchange);
        String statusText = params.text("status");
        Delivery.Status status = null;
        if (statusText != null) {
            status = Arrays.stream(Delivery.Status.values())
                    .filter(s -> s.wireName().equals(statusText))
                    .findFirst()
                    .orElse(null);
            if (status == null) {
                params.error("status", "未知的状态 '" + statusText + "'，可选值：pending、sending、sent、retrying、dead");
            }
        }
        int page = params.number("page", 1, 1, Integer.MAX_VALUE);
        int size = params.number("size", 50, 1, MAX_SIZE);
        params.throwIfInvalid();
        ObjectNode body = mapper.createObjectNode();
        ArrayNode items = body.putArray("items");
        for (Delivery d :
                store.list(params.text("bulletin"), params.text("zone"), params.text("channel"), status, page, size)) {
            items.addObject()
                    .put("id", d.id())
                    .put("bulletin", d.bulletinId())
                    .put("zone", d.zoneId())
                    .put("channel", d.channel())
                    .put("address", d.address())
                    .put("status", d.status().wireName())
                    .put("attempts", d.attempts())
                    .put("partsSent", d.partsSent())
                    .put("lastError", d.lastError())
                    .put("providerMessageId", d.providerMessageId())
                    .put("createdAt", JsonTimes.millis(d.createdAt()))
                    .put("sentAt", JsonTimes.millis(d.sentAt()));
        }
        body.put("page", page);
        body.put("size", size);
        HttpReply.json(exchange, mapper, 200, body);
    }
}
