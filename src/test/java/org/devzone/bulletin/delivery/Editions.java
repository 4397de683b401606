package org.devzone.bulletin.delivery;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.devzone.bulletin.cadence.Category;
import org.devzone.bulletin.notice.Attachment;
import org.devzone.bulletin.notice.AttachmentInfo;
import org.devzone.bulletin.notice.Notice;
import org.devzone.bulletin.notice.NoticeStatus;
import org.devzone.bulletin.notice.Priority;

/** Editions as the templates read them, without a running dispatcher: one zone's Friday bulletin of 2026-11-27. */
final class Editions {

    static final String OFFICE = "省商务厅开发区处";

    private Editions() {}

    /** A notice in the Friday bulletin; it asks for a receipt when it has a deadline. */
    static Notice notice(
            String id,
            Category category,
            String title,
            String body,
            LocalDate receiptDeadline,
            List<AttachmentInfo> attachments) {
        return new Notice(
                id,
                null,
                category,
                title,
                body,
                Priority.NORMAL,
                null,
                receiptDeadline != null,
                receiptDeadline,
                null,
                attachments,
                "开发区处",
                "friday-reminders",
                NoticeStatus.SCHEDULED,
                "api",
                null,
                null);
    }

    /** A zone's edition of the Friday bulletin, with its notices' files and its receipt links by notice. */
    static EditionTemplates.Edition friday(
            String zoneId,
            String zoneName,
            List<Notice> notices,
            Map<String, List<Attachment>> files,
            Map<String, String> receiptLinks) {
        return new EditionTemplates.Edition(
                OFFICE,
                "friday-reminders",
                "周五工作提醒与重要文件",
                "friday-reminders",
                LocalDate.of(2026, 11, 27),
                false,
                zoneId,
                zoneName,
                "东州市",
                notices,
                files,
                Map.of(),
                receiptLinks,
                List.of(),
                null);
    }
}
