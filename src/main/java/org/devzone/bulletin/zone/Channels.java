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
     * One warning per secret whose environment variable is not set. Those channels cannot send until it is; the
     * dispatcher still starts so that email and intake work on a fresh machine.
     */
    public List<String> missingSecrets(UnaryOperator<String> environment) {
        List<String> warnings = new ArrayList<>();
        for (ChannelDefinition definition : all()) {
            definition.secretEnv().entrySet().stream()
                    .filter(e -> isBlank(environment.apply(e.getValue())))
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> warnings.add(definition.type().wireName() + " channel '" + definition.name()
                            + "': environment variable " + e.getValue() + " (" + e.getKey() + ") is not set;"
                            + " messages to it will fail until it is"));
        }
        return warnings;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
