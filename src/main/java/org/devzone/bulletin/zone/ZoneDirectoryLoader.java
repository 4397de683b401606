package org.devzone.bulletin.zone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.devzone.bulletin.config.ConfigMap;
import org.devzone.bulletin.config.ConfigNode;
import org.devzone.bulletin.config.ConfigProblems;

/**
 * Reads and validates {@code zones.yaml}. Duplicate ids, malformed emails, unknown tiers and references to channels
 * that {@code channels.yaml} does not define are reported with file, line, zone and field; the service does not start
 * until they are fixed.
 */
public final class ZoneDirectoryLoader {

    private static final List<String> ZONE_FIELDS =
            List.of("id", "name", "tier", "city", "tags", "contacts", "channels");
    private static final List<String> CONTACT_FIELDS = List.of("name", "email");

    private ZoneDirectoryLoader() {}

    public static ZoneDirectory load(Path file, Channels channels) {
        ConfigNode root = ConfigNode.read(file);
        ConfigProblems problems = new ConfigProblems();
        ConfigMap top = new ConfigMap(root, "zones file", problems, List.of("zones"));
        List<ConfigNode> entries = top.get("zones").map(ConfigNode::items).orElse(List.of());
        if (top.get("zones")
                .filter(n -> !n.isSequence() && !(n.isScalar() && n.text().isEmpty()))
                .isPresent()) {
            top.problem("zones", "expected a list of zones, each starting with '- id:'");
        } else if (entries.isEmpty() && problems.isEmpty()) {
            top.problem("zones", "no zones are defined; add at least one zone");
        }
        List<Zone> zones = new ArrayList<>();
        Map<String, ConfigNode> seen = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            ConfigNode node = entries.get(i);
            String id = node.peekText("id").orElse("");
            String owner = id.isEmpty() ? "zone #" + (i + 1) : "zone '" + id + "'";
            readZone(new ConfigMap(node, owner, problems, ZONE_FIELDS), id, channels, seen)
                    .ifPresent(zones::add);
        }
        problems.throwIfAny();
        return new ZoneDirectory(zones);
    }

    private static Optional<Zone> readZone(ConfigMap zone, String id, Channels channels, Map<String, ConfigNode> seen) {
        zone.requiredText("id", ConfigMap.SLUG, "a lower-case slug such as 'dongzhou-etdz'");
        if (!id.isEmpty()) {
            ConfigNode first = seen.putIfAbsent(id, zone.node());
            if (first != null) {
                zone.problem("id", "duplicate zone id '" + id + "' (first defined at line " + first.line() + ")");
            }
        }
        String name = zone.requiredText("name");
        Optional<Tier> tier = zone.optionalEnum("tier", Tier.BY_NAME);
        if (zone.optionalText("tier").isEmpty()) {
            zone.problem("tier", "is required (one of " + String.join(", ", Tier.BY_NAME.keySet()) + ")");
        }
        String city = zone.requiredText("city");
        List<String> tags = zone.textList("tags");
        for (String tag : tags) {
            if (!ConfigMap.SLUG.matcher(tag).matches()) {
                zone.problem("tags", "tag '" + tag + "' must be a lower-case slug such as 'key-zone'");
            }
        }
        List<Contact> contacts = new ArrayList<>();
        String owner = zone.owner();
        List<ConfigMap> contactEntries =
                zone.mappings("contacts", CONTACT_FIELDS, i -> owner + ", contacts[" + i + "]");
        for (ConfigMap contact : contactEntries) {
            String contactName = contact.requiredText("name");
            String email = contact.requiredText("email");
            if (!email.isEmpty() && !Contact.EMAIL.matcher(email).matches()) {
                contact.problem("email", "'" + email + "' is not a valid email address");
            } else if (!contactName.isEmpty() && !email.isEmpty()) {
                contacts.add(new Contact(contactName, email));
            }
        }
        List<ChannelEndpoint> endpoints = readEndpoints(zone, channels);
        if (contactEntries.isEmpty()
                && zone.get("channels").map(n -> n.items().isEmpty()).orElse(true)) {
            zone.problem(
                    "contacts", "the zone has no email contact and no channel, so it could never receive a bulletin");
        }
        if (id.isEmpty()
                || name.isEmpty()
                || tier.isEmpty()
                || city.isEmpty()
                || !ConfigMap.SLUG.matcher(id).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Zone(id, name, tier.get(), city, tags, contacts, endpoints));
    }

    private static List<ChannelEndpoint> readEndpoints(ConfigMap zone, Channels channels) {
        List<ChannelEndpoint> endpoints = new ArrayList<>();
        List<String> allowed = new ArrayList<>(ChannelType.BY_NAME.keySet());
        allowed.add("group-id");
        String owner = zone.owner();
        List<ConfigMap> entries = zone.mappings("channels", allowed, i -> owner + ", channels[" + i + "]");
        for (ConfigMap entry : entries) {
            List<ChannelType> types = ChannelType.BY_NAME.values().stream()
                    .filter(t -> entry.get(t.wireName()).isPresent())
                    .toList();
            if (types.size() != 1) {
                entry.problem(
                        "channels",
                        "each entry names exactly one channel type (" + String.join(", ", ChannelType.BY_NAME.keySet())
                                + "), for example '- wecom: wecom-dongzhou'");
                continue;
            }
            ChannelType type = types.get(0);
            String reference = entry.requiredText(type.wireName());
            Optional<String> groupId = entry.optionalText("group-id");
            if (type == ChannelType.QQ && groupId.isEmpty()) {
                entry.problem("group-id", "is required for a QQ channel (the QQ group number)");
            } else if (type == ChannelType.QQ && !groupId.get().matches("[1-9][0-9]{4,11}")) {
                entry.problem("group-id", "'" + groupId.get() + "' is not a QQ group number");
            } else if (type != ChannelType.QQ && groupId.isPresent()) {
                entry.problem("group-id", "only QQ channels take a group-id");
            }
            if (reference.isEmpty()) {
                continue;
            }
            if (channels.find(type, reference).isEmpty()) {
                entry.problem(
                        type.wireName(),
                        "channel '" + reference + "' is not defined under '" + type.wireName() + "' in channels.yaml");
                continue;
            }
            if (type == ChannelType.QQ
                    ? groupId.filter(g -> g.matches("[1-9][0-9]{4,11}")).isPresent()
                    : groupId.isEmpty()) {
                endpoints.add(new ChannelEndpoint(type, reference, groupId.orElse(null)));
            }
        }
        return endpoints;
    }
}
