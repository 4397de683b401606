package org.devzone.bulletin.notice;

/** How soon a notice should reach the zones. */
public enum Priority {
    NORMAL,
    URGENT;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
