package org.devzone.bulletin.notice;

import java.util.Locale;

/** How soon a notice should reach the zones. */
public enum Priority {
    NORMAL,
    URGENT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
