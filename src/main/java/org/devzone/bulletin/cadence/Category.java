package org.devzone.bulletin.cadence;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** What kind of notice it is; the schedule decides which slot carries each kind. */
public enum Category {
    DOCUMENT("document", "重要文件"),
    REMINDER("reminder", "工作提醒"),
    INFORMATION("information", "工作信息"),
    CASE("case", "典型案例"),
    MEDIA("media", "媒体报道"),
    SUMMARY("summary", "上周工作小结");

    public static final Map<String, Category> BY_NAME =
            Arrays.stream(values()).collect(LinkedHashMap::new, (m, c) -> m.put(c.wireName, c), Map::putAll);

    private final String wireName;
    private final String label;

    Category(String wireName, String label) {
        this.wireName = wireName;
        this.label = label;
    }

    public String wireName() {
        return wireName;
    }

    public String label() {
        return label;
    }
}
