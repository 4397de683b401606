package org.devzone.bulletin.zone;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The member zones from {@code zones.yaml}, in file order. */
public final class ZoneDirectory {

    private final Map<String, Zone> byId = new LinkedHashMap<>();
    private final Set<String> tags = new LinkedHashSet<>();
    private final Set<String> cities = new LinkedHashSet<>();

    public ZoneDirectory(List<Zone> zones) {
        for (Zone zone : zones) {
            if (byId.putIfAbsent(zone.id(), zone) != null) {
                throw new IllegalArgumentException("duplicate zone id " + zone.id());
            }
            tags.addAll(zone.tags());
            cities.add(zone.city());
        }
    }

    public List<Zone> zones() {
        return List.copyOf(byId.values());
    }

    public Optional<Zone> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }

    public boolean hasCity(String city) {
        return cities.contains(city);
    }

    /** The zones an audience reaches, in directory order. */
    public List<Zone> resolve(Audience audience) {
        return byId.values().stream().filter(audience::includes).toList();
    }
}
