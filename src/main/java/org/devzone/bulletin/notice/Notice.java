package org.devzone.bulletin.notice;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import org.devzone.bulletin.cadence.Category;
import org.devzone.bulletin.zone.Audience;

/** A stored notice. */
public record Notice(
        String id,
        String externalId,
        Category category,
        String title,
        String body,
        Priority priority,
        Audience audience,
        boolean requiresReceipt,
        LocalDate receiptDeadline,
        LocalDate notBefore,
        List<AttachmentInfo> attachments,
        String author,
        String slot,
        NoticeStatus status,
        String source,
        OffsetDateTime createdAt,
        OffsetDateTime withdrawnAt) {

    public Notice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(status, "status");
        attachments = List.copyOf(attachments);
    }
}
