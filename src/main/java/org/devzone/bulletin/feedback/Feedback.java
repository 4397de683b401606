package org.devzone.bulletin.feedback;

import java.time.OffsetDateTime;
import java.util.Objects;

/** What a zone answered: about a notice, a bulletin, or in general; {@code matched} false when nobody knows who wrote. */
public record Feedback(
        String id,
        String zoneId,
        String noticeId,
        String bulletinId,
        String deliveryId,
        String via,
        String author,
        String subject,
        String body,
        boolean matched,
        OffsetDateTime receivedAt) {

    public Feedback {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (matched && zoneId == null) {
            throw new IllegalArgumentException("matched feedback names its zone");
        }
    }
}
