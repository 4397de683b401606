package org.devzone.bulletin.zone;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A connection to one messaging provider, defined once in {@code channels.yaml} and referenced by zones. Secrets are
 * never held here: {@code secretEnv} maps each secret's role ({@code token}, {@code key}, {@code secret},
 * {@code hook}) to the environment variable that holds it. {@code rates} are the robot's sending limits (all of them
 * hold at once; none for a channel without one); {@code keywords} are words the robot requires in every message.
 */
public record ChannelDefinition(
        ChannelType type,
        String name,
        String url,
        Map<String, String> secretEnv,
        List<String> keywords,
        List<RateLimit> rates) {

    public ChannelDefinition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        secretEnv = Map.copyOf(secretEnv);
        keywords = List.copyOf(keywords);
        rates = List.copyOf(rates);
    }

    /** Without limits of its own. */
    public ChannelDefinition(
            ChannelType type, String name, String url, Map<String, String> secretEnv, List<String> keywords) {
        this(type, name, url, secretEnv, keywords, List.of());
    }

    /** What the robot is called in logs and pacing: {@code wecom:wecom-dongzhou-etdz}. */
    public String key() {
        return type.wireName() + ":" + name;
    }
}
