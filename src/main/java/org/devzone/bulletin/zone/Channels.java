package org.devzone.bulletin.zone;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The messaging channels defined in {@code channels.yaml}, by type and name. */
public final class Channels {

    private final Map<ChannelType, Map<String, ChannelDefinition>> byType = new EnumMap<>(ChannelType.class);

    public Channels(List<ChannelDefinition> definitions) {
        for (ChannelType type : ChannelType.values()) {
            byType.put(type, new LinkedHashMap<>());
        }
        for (ChannelDefinition definition : definitions) {
            byType.get(definition.type()).put(definition.name(), definition);
        }
    }

    public Optional<ChannelDefinition> find(ChannelType type, String name) {
        return Optional.ofNullable(byType.get(type).get(name));
    }

    public List<ChannelDefinition> all() {
        List<ChannelDefinition> all = new ArrayList<>();
        byType.values().forEach(m -> all.addAll(m.values()));
        return all;
    }

    /**
     * The channels that cannot send because a secret's variable is not set, with those variables. They are not
     * configured (未配置): their zones get no deliveries on them until the variables are set and the dispatcher
     * restarted; the dispatcher still starts, so that email and intake work on a fresh machine.
     */
    public Map<ChannelDefinition, List<String>> unconfigured(UnaryOperator<String> secrets) {
        Map<ChannelDefinition, List<String>> unconfigured = new LinkedHashMap<>();
        for (ChannelDefinition definition : all()) {
            List<String> missing = definition.secretEnv().values().stream()
                    .filter(variable -> isBlank(secrets.apply(variable)))
                    .sorted()
                    .toList();
            if (!missing.isEmpty()) {
                unconfigured.put(definition, missing);
            }
        }
        return unconfigured;
    }

    /** One warning per channel that is not configured, saying what to set. */
    public List<String> missingSecrets(UnaryOperator<String> secrets) {
        List<String> warnings = new ArrayList<>();
        unconfigured(secrets)
                .forEach((definition, missing) -> warnings.add(definition.type().wireName() + " channel '"
                        + definition.name() + "' is not configured (未配置): its zones get nothing on it until "
                        + String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are") + " set"));
        return warnings;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
