package org.devzone.bulletin.zone;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A connection to one messaging provider, defined once in {@code channels.yaml} and referenced by zones. Secrets are
 * never held here: {@code secretEnv} maps each secret's role ({@code token}, {@code key}, {@code secret},
 * {@code hook}) to the environment variable that holds it.
 */
public record ChannelDefinition(
        ChannelType type, String name, String url, Map<String, String> secretEnv, List<String> keywords) {

    public ChannelDefinition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        secretEnv = Map.copyOf(secretEnv);
        keywords = List.copyOf(keywords);
    }
}
