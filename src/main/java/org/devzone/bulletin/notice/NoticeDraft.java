package org.devzone.bulletin.notice;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.devzone.bulletin.cadence.Category;
import org.devzone.bulletin.zone.Audience;

/** A notice as staff submitted it, already validated, not yet stored. */
public record NoticeDraft(
        String externalId,
        Category category,
        String title,
        String body,
        Priority priority,
        Audience audience,
        boolean requiresReceipt,
        LocalDate receiptDeadline,
        LocalDate notBefore,
        List<Attachment> attachments,
        String author) {

    public static final int MAX_EXTERNAL_ID = 100;
    public static final int MAX_TITLE = 200;
    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_AUTHOR = 100;
    public static final long MAX_ATTACHMENT_BYTES = 10L * 1024 * 1024;

    public NoticeDraft {
        if (externalId != null && (externalId.isBlank() || characters(externalId) > MAX_EXTERNAL_ID)) {
            throw new IllegalArgumentException("externalId must be 1-" + MAX_EXTERNAL_ID + " characters");
        }
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(title, "title");
        if (title.isBlank() || characters(title) > MAX_TITLE) {
            throw new IllegalArgumentException("title must be 1-" + MAX_TITLE + " characters");
        }
        Objects.requireNonNull(body, "body");
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("body is larger than 64 KiB");
        }
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(audience, "audience");
        if (audience.isEmpty()) {
            throw new IllegalArgumentException("audience names no zone");
        }
        if (receiptDeadline != null && !requiresReceipt) {
            throw new IllegalArgumentException("a receipt deadline needs requiresReceipt");
        }
        attachments = List.copyOf(attachments);
        if (attachments.stream().mapToLong(Attachment::size).sum() > MAX_ATTACHMENT_BYTES) {
            throw new IllegalArgumentException("attachments exceed 10 MiB");
        }
        Objects.requireNonNull(author, "author");
        if (author.isBlank() || characters(author) > MAX_AUTHOR) {
            throw new IllegalArgumentException("author must be 1-" + MAX_AUTHOR + " characters");
        }
    }

    /** Length as people count it: Unicode characters, not UTF-16 units. */
    private static int characters(String text) {
        return text.codePointCount(0, text.length());
    }
}
