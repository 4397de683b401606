package org.devzone.bulletin.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.devzone.bulletin.bulletin.BulletinService;
import org.devzone.bulletin.notice.Notice;
import org.devzone.bulletin.notice.NoticeService;
import org.devzone.bulletin.receipt.ReceiptService;

/**
 * One zone's edition of an occurrence as the templates in config/templates/ make it, without storing or sending
 * anything: what the API's render call and the desk's 预览 show. For an occurrence that fired, the edition it sent.
 */
public final class EditionPreview {

    /** The forms an edition can be rendered in, and the template files that make them. */
    public static final Map<String, String> FORMS = Map.of(
            "email.txt",
            "email.txt.ftl",
            "email.html",
            "email.html.ftlh",
            "chat.md",
            "chat.md.ftl",
            "chat.txt",
            "chat.txt.ftl");

    /**
     * A rendered edition: the mail's subject, the form asked for, and where it stands.
     *
     * @param bulletinId the bulletin that sent it, or null for an occurrence still to come
     * @param empty true when nothing of the occurrence reaches the zone (it will get no edition)
     */
    public record Rendered(String subject, String body, String bulletinId, boolean empty) {}

    private final BulletinService service;
    private final NoticeService notices;
    private final EditionTemplates templates;
    private final ReceiptService receipts;
    private final ObjectMapper mapper;
    private final String officeName;

    public EditionPreview(
            BulletinService service,
            NoticeService notices,
            EditionTemplates templates,
            ReceiptService receipts,
            ObjectMapper mapper,
            String officeName) {
        this.service = service;
        this.notices = notices;
        this.templates = templates;
        this.receipts = receipts;
        this.mapper = mapper;
        this.officeName = officeName;
    }

    /**
     * @param date null for the slot's occurrence today or its next one
     * @param form one of {@link #FORMS}
     * @throws org.devzone.bulletin.platform.Refusal for an unknown slot or zone, or a date the slot does not fire on
     * @throws EditionTemplates.TemplateFailure when an admin's template fails
     */
    public Rendered render(String slot, LocalDate date, String zone, String form)
            throws EditionTemplates.TemplateFailure {
        BulletinService.EditionPreview preview = service.previewEdition(slot, date, zone);
        List<Notice> list = preview.noticeIds().stream()
                .map(id -> notices.find(id).orElseThrow())
                .toList();
        EditionTemplates.Edition edition = new EditionTemplates.Edition(
                officeName,
                preview.slot().id(),
                preview.slot().name(),
                preview.slot().template(),
                preview.date(),
                false,
                preview.zone().id(),
                preview.zone().name(),
                preview.zone().city(),
                list,
                Map.of(),
                sections(preview.sections()),
                // A preview is not a key: its receipt links open the page marked 预览 and cannot sign.
                receipts.previewLinks(list, preview.zone().id(), preview.date()),
                preview.sections() != null && preview.sections().contains("\"receipts\"")
                        ? receipts.owedPreview(preview.zone().id(), preview.date())
                        : List.of(),
                // Nor does it carry the zone's page link, which opens the zone's page for real.
                null);
        List<String> rendered = templates.render(edition, "email.subject.ftl", FORMS.get(form));
        return new Rendered(
                rendered.get(0).strip(),
                rendered.get(1),
                preview.bulletinId(),
                list.isEmpty() && preview.sections() == null);
    }

    private Map<String, Object> sections(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> sections = mapper.readValue(json, Map.class);
            return sections;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored sections are not JSON", e);
        }
    }
}
