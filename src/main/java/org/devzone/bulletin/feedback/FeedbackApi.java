package org.devzone.bulletin.feedback;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.devzone.bulletin.platform.HttpReply;
import org.devzone.bulletin.platform.QueryParams;
import org.devzone.bulletin.zone.Zone;
import org.devzone.bulletin.zone.ZoneDirectory;

/** GET /api/feedback: what zones answered, newest first (filters: zone, notice, matched). */
public final class FeedbackApi {

    private static final int MAX_SIZE = 200;

    private final FeedbackStore store;
    private final ZoneDirectory zones;
    private final ObjectMapper mapper;

    public FeedbackApi(FeedbackStore store, ZoneDirectory zones, ObjectMapper mapper) {
        this.store = store;
        this.zones = zones;
        this.mapper = mapper;
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
        for (Feedback f : store.list(new FeedbackStore.Filter(zone, params.text("notice"), matched), (page - 1) * size, size)) {
            ObjectNode item = items.addObject();
            item.put("id", f.id());
            item.put("zone", f.zoneId());
            item.put("zoneName", f.zoneId() == null ? null : zones.find(f.zoneId()).map(Zone::name).orElse(null));
            item.put("notice", f.noticeId());
            item.put("bulletin", f.bulletinId());
            item.put("via", f.via());
            item.put("author", f.author());
            item.put("subject", f.subject());
            item.put("body", f.body());
            item.put("matched", f.matched());
            item.put("receivedAt", f.receivedAt().toString());
        }
        body.put("page", page);
        body.put("size", size);
        HttpReply.json(exchange, mapper, 200, body);
    }
}
