package org.devzone.bulletin.notice;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a notice is in its life: waiting for its slot, taken into a bulletin that is going out, withdrawn by staff, or
 * gone out in a bulletin.
 */
public enum NoticeStatus {
    QUEUED,
    SCHEDULED,
    WITHDRAWN,
    SENT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<NoticeStatus> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
