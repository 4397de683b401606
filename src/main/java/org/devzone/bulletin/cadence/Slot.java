package org.devzone.bulletin.cadence;

import java.time.LocalTime;
import java.util.Objects;
import java.util.Set;

/**
 * A recurring bulletin: which categories it carries and when it leaves, either anchored to the working week
 * ({@code anchor}) or on a Quartz cron rule ({@code cron} with {@code onDayOff}).
 */
public record Slot(
        String id,
        String name,
        Set<Category> categories,
        Anchor anchor,
        LocalTime at,
        String cron,
        DayOffRule onDayOff,
        String template,
        int maxItems,
        Set<Section> sections) {

    /** Sections a slot's editions carry besides its notices, generated when it fires. */
    public enum Section {
        /** The zone's documents still to sign for (公文签收情况). */
        RECEIPTS("receipts"),
        /** What was published last week, per category, to how many zones. */
        LAST_WEEK("last-week");

        private final String wireName;

        Section(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** Where in the working week an anchored slot fires. */
    public enum Anchor {
        FIRST_WORKING_DAY("first-working-day"),
        MIDDLE_WORKING_DAYS("middle-working-days"),
        LAST_WORKING_DAY("last-working-day");

        private final String wireName;

        Anchor(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** What a cron slot does when its occurrence falls on a day off. */
    public enum DayOffRule {
        SKIP("skip"),
        NEXT_WORKING_DAY("next-working-day"),
        PREVIOUS_WORKING_DAY("previous-working-day");

        private final String wireName;

        DayOffRule(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public Slot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        categories = Set.copyOf(categories);
        if ((anchor == null) == (cron == null)) {
            throw new IllegalArgumentException("slot " + id + " needs exactly one of an anchor or a cron rule");
        }
        if (anchor != null && at == null) {
            throw new IllegalArgumentException("anchored slot " + id + " needs a time of day");
        }
        Objects.requireNonNull(template, "template");
        if (maxItems < 1) {
            throw new IllegalArgumentException("max-items must be positive");
        }
        sections = Set.copyOf(sections);
    }

    public boolean carries(Category category) {
        return categories.contains(category);
    }
}
