package org.devzone.bulletin.zone;

import java.util.List;
import java.util.Objects;
import org.devzone.bulletin.config.ConfigMap;

/** A member development zone: who it is, where it is, and how it is reached. */
public record Zone(
        String id,
        String name,
        Tier tier,
        String city,
        List<String> tags,
        List<Contact> contacts,
        List<ChannelEndpoint> endpoints) {

    public Zone {
        Objects.requireNonNull(id, "id");
        if (!ConfigMap.SLUG.matcher(id).matches()) {
            throw new IllegalArgumentException("zone id must be a lower-case slug: " + id);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(city, "city");
        tags = List.copyOf(tags);
        contacts = List.copyOf(contacts);
        endpoints = List.copyOf(endpoints);
    }
}
