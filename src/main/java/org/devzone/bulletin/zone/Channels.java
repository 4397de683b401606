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
     * One warning per channel with a secret whose environment variable is not set. Those channels cannot send until it is; the
     * dispatcher still starts so that email and intake work on a fresh machine.
     */
    public List<String> missingSecrets(UnaryOperator<String> environment) {
        List<String> warnings = new ArrayList<>();
        for (ChannelDefinition definition : all()) {
            List<String> missing = definition.secretEnv().values().stream()
                    .filter(variable -> isBlank(environment.apply(variable)))
                    .sorted()
                    .toList();
            if (!missing.isEmpty()) {
                warnings.add(definition.type().wireName() + " channel '" + definition.name() + "' cannot send until "
                        + String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are") + " set");
            }
        }
        return warnings;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
