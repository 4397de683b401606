package org.devzone.bulletin.notice;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.devzone.bulletin.platform.FieldError;
import org.devzone.bulletin.zone.Audience;
import org.devzone.bulletin.zone.Tier;
import org.devzone.bulletin.zone.ZoneDirectory;

/**
 * A notice's {@code audience}: {@code all}, or tags, tiers, cities and zones the directory knows, reaching at least one
 * zone. Every problem is reported against its field ({@code audience.tags[1]}).
 */
final class AudienceReader {

    private static final Set<String> AUDIENCE_FIELDS = Set.of("all", "tags", "tiers", "cities", "zones");
    /** The stored audience (JSON) must fit its column. */
    private static final int MAX_AUDIENCE_JSON = 1_000_000;

    private final ZoneDirectory zones;
    private final List<FieldError> errors;

    /** @param errors where the problems found are added */
    AudienceReader(ZoneDirectory zones, List<FieldError> errors) {
        this.zones = zones;
        this.errors = errors;
    }

    private void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** The audience field ({@code node} may be null); null when it has a problem, each one reported. */
    Audience read(JsonNode node) {
        if (node == null || node.isNull()) {
            error("audience", "必填：{\"all\": true}，或 tags、tiers、cities、zones 的任意组合");
            return null;
        }
        if (!node.isObject()) {
            error("audience", "应为对象，例如 {\"all\": true} 或 {\"tags\": [\"key-zone\"]}，实际是" + NoticeParser.typeName(node));
            return null;
        }
        int before = errors.size();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!AUDIENCE_FIELDS.contains(name)) {
                error("audience." + name, "未知字段；可用字段：all、tags、tiers、cities、zones");
            }
        }
        boolean all = false;
        JsonNode allNode = node.get("all");
        if (allNode != null && !allNode.isNull()) {
            if (allNode.isBoolean()) {
                all = allNode.booleanValue();
            } else {
                error("audience.all", "应为 true 或 false，实际是" + NoticeParser.typeName(allNode));
            }
        }
        List<String> tags = strings(node, "tags", tag -> zones.hasTag(tag) ? null : "没有开发区带有标签 '" + tag + "'");
        List<String> tierNames = strings(
                node,
                "tiers",
                tier -> Tier.BY_NAME.containsKey(tier)
                        ? null
                        : "未知的级别 '" + tier + "'，可选值：" + String.join("、", Tier.BY_NAME.keySet()));
        List<String> cities = strings(node, "cities", city -> zones.hasCity(city) ? null : "没有开发区位于 '" + city + "'");
        List<String> zoneIds =
                strings(node, "zones", id -> zones.find(id).isPresent() ? null : "未知的开发区 id '" + id + "'");
        if (errors.size() > before) {
            return null;
        }
        Audience audience = new Audience(
                all, tags, tierNames.stream().map(Tier.BY_NAME::get).toList(), cities, zoneIds);
        if (node.toString().length() > MAX_AUDIENCE_JSON) {
            error("audience", "受众过长：请改用 all、tags、tiers 或 cities 指定开发区");
            return null;
        }
        if (audience.isEmpty() || zones.resolve(audience).isEmpty()) {
            error("audience", "没有匹配到任何开发区：请设置 {\"all\": true} 或指定 tags、tiers、cities、zones");
            return null;
        }
        return audience;
    }

    private List<String> strings(JsonNode parent, String name, Function<String, String> check) {
        JsonNode node = parent.get(name);
        String field = "audience." + name;
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            error(field, "应为字符串数组，实际是" + NoticeParser.typeName(node));
            return values;
        }
        if (node.size() > zones.zones().size()) {
            error(
                    field,
                    "列出了 " + node.size() + " 项，多于名录中的开发区数（" + zones.zones().size() + "）；请改用 all、tags、tiers 或 cities");
            return values;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual()) {
                error(field + "[" + i + "]", "应为字符串，实际是" + NoticeParser.typeName(item));
                continue;
            }
            String problem = check.apply(item.textValue());
            if (problem != null) {
                error(field + "[" + i + "]", problem);
            } else if (!values.contains(item.textValue())) {
                values.add(item.textValue()); // a repeated value names nothing more
            }
        }
        return values;
    }
}
