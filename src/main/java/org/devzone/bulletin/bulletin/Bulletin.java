package org.devzone.bulletin.bulletin;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/**
 * One firing of a slot on a date (or one urgent notice): the notices it took, in order, and one edition per zone that
 * has something in it. {@code sections} is the generated content frozen when it fired (JSON), or null.
 */
public record Bulletin(
        String id,
        String occurrenceKey,
        String slot,
        LocalDate date,
        Kind kind,
        Status status,
        String firedBy,
        boolean provisional,
        List<String> noticeIds,
        List<Edition> editions,
        String sections,
        OffsetDateTime createdAt,
        OffsetDateTime publishedAt) {

    /** Scheduled by the cadence, or an urgent notice on its own. */
    public enum Kind {
        SCHEDULED,
        URGENT,
        REMINDER
    }

    /** Assembled (notices scheduled), published (handed on; notices sent), or missed (the service was down). */
    public enum Status {
        ASSEMBLED,
        PUBLISHED,
        MISSED
    }

    /** One zone's edition: the notices addressed to it, in the bulletin's order. */
    public record Edition(String id, String zoneId, List<String> noticeIds) {
        public Edition {
            noticeIds = List.copyOf(noticeIds);
        }
    }

    public Bulletin {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(occurrenceKey, "occurrenceKey");
        noticeIds = List.copyOf(noticeIds);
        editions = List.copyOf(editions);
    }

    public static String occurrenceKey(String slot, LocalDate date) {
        return slot + "@" + date;
    }

    public static String urgentKey(String noticeId) {
        return "urgent@" + noticeId;
    }

    /** The one reminder to sign for a notice. */
    public static String reminderKey(String noticeId) {
        return "reminder@" + noticeId;
    }
}
