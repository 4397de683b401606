package org.devzone.bulletin.notice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.devzone.bulletin.zone.Audience;
import org.devzone.bulletin.zone.Tier;

/** The audience as JSON, the same shape clients send: {@code {"all": true}} or the non-empty lists. */
public final class AudienceJson {

    private AudienceJson() {}

    public static ObjectNode write(ObjectMapper mapper, Audience audience) {
        ObjectNode node = mapper.createObjectNode();
        if (audience.all()) {
            node.put("all", true);
        }
        putAll(node, "tags", audience.tags());
        putAll(node, "tiers", audience.tiers().stream().map(Tier::wireName).toList());
        putAll(node, "cities", audience.cities());
        putAll(node, "zones", audience.zones());
        return node;
    }

    public static Audience read(JsonNode node) {
        return new Audience(
                node.path("all").asBoolean(false),
                strings(node, "tags"),
                strings(node, "tiers").stream().map(Tier.BY_NAME::get).toList(),
                strings(node, "cities"),
                strings(node, "zones"));
    }

    private static void putAll(ObjectNode node, String name, List<String> values) {
        if (!values.isEmpty()) {
            values.forEach(node.putArray(name)::add);
        }
    }

    private static List<String> strings(JsonNode node, String name) {
        List<String> values = new ArrayList<>();
        node.path(name).forEach(v -> values.add(v.asText()));
        return values;
    }
}
