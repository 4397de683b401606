package org.devzone.bulletin.zone;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** The level at which a development zone is recognised. */
public enum Tier {
    NATIONAL("national", "国家级"),
    PROVINCIAL("provincial", "省级"),
    CULTIVATION("cultivation", "培育"),
    OTHER("other", "其他");

    public static final Map<String, Tier> BY_NAME =
            Arrays.stream(values()).collect(LinkedHashMap::new, (m, t) -> m.put(t.wireName, t), Map::putAll);

    private final String wireName;
    private final String label;

    Tier(String wireName, String label) {
        this.wireName = wireName;
        this.label = label;
    }

    /** The name used in configuration files and the API. */
    public String wireName() {
        return wireName;
    }

    /** The Chinese label shown to people. */
    public String label() {
        return label;
    }
}
