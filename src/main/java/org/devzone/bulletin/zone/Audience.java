package org.devzone.bulletin.zone;

import java.util.List;
import java.util.Objects;

/**
 * Which zones a notice is for: every zone, or the union of zones with any of the tags, tiers or cities, and zones
 * named by id.
 */
public record Audience(boolean all, List<String> tags, List<Tier> tiers, List<String> cities, List<String> zones) {

    public static final Audience ALL = new Audience(true, List.of(), List.of(), List.of(), List.of());

    public Audience {
        tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
        tiers = List.copyOf(Objects.requireNonNull(tiers, "tiers"));
        cities = List.copyOf(Objects.requireNonNull(cities, "cities"));
        zones = List.copyOf(Objects.requireNonNull(zones, "zones"));
    }

    /** True when it names nobody at all (not even through a tag). */
    public boolean isEmpty() {
        return !all && tags.isEmpty() && tiers.isEmpty() && cities.isEmpty() && zones.isEmpty();
    }

    public boolean includes(Zone zone) {
        return all
                || zones.contains(zone.id())
                || tiers.contains(zone.tier())
                || cities.contains(zone.city())
                || zone.tags().stream().anyMatch(tags::contains);
    }
}
