package org.devzone.bulletin.desk;

import static org.devzone.bulletin.desk.DeskView.categoryLabels;
import static org.devzone.bulletin.desk.DeskView.channelLabel;
import static org.devzone.bulletin.desk.DeskView.query;
import static org.devzone.bulletin.desk.DeskView.redirect;
import static org.devzone.bulletin.desk.DeskView.statusLabels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.activation.DataHandler;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.attachment.AttachmentMessage;
import org.devzone.bulletin.access.Access;
import org.devzone.bulletin.access.ApiToken;
import org.devzone.bulletin.cadence.Category;
import org.devzone.bulletin.notice.Notice;
import org.devzone.bulletin.notice.NoticeDraft;
import org.devzone.bulletin.notice.NoticeFilter;
import org.devzone.bulletin.notice.NoticePage;
import org.devzone.bulletin.notice.NoticeService;
import org.devzone.bulletin.notice.NoticeStatus;
import org.devzone.bulletin.notice.NoticeStore;
import org.devzone.bulletin.platform.FieldError;
import org.devzone.bulletin.platform.HttpRequests;
import org.devzone.bulletin.platform.Refusal;
import org.devzone.bulletin.zone.Tier;
import org.devzone.bulletin.zone.Zone;
import org.devzone.bulletin.zone.ZoneDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 写通知 and 通知: a notice written in the browser, its preview as zones will get it, the queue and history, one
 * notice's page, withdrawing. Every form works without JavaScript; with it, the preview follows the typing. The pages
 * take notices through the same {@link NoticeService} as the API, so they accept and refuse alike, in the same words,
 * next to the field concerned.
 */
public final class NoticePages {

    private static final Logger LOG = LoggerFactory.getLogger(NoticePages.class);

    private final NoticeService notices;
    private final DeskSources sources;
    private final ObjectMapper mapper;
    private final DeskView view;
    private final NoticeModels models;

    NoticePages(NoticeService notices, DeskSources sources, ObjectMapper mapper, Clock clock, DeskView view) {
        this.notices = notices;
        this.sources = sources;
        this.mapper = mapper;
        this.view = view;
        this.models = new NoticeModels(sources, clock);
    }

    /** {@code GET /desk/notices/new}: an empty form. */
    public void compose(Exchange exchange) {
        ApiToken token = exchange.getProperty(Access.TOKEN, ApiToken.class);
        view.page(
                exchange, 200, "desk-compose.ftlh", composeModel(exchange, NoticeForm.blank(token.name()), List.of()));
    }

    /**
     * {@code POST /desk/notices}: the preview button shows the notice as zones will get it; the submit button queues
     * it (once, however often the form is posted) and shows where it stands, or brings the form back with what to
     * change next to each field.
     */
    public void submit(Exchange exchange) {
        NoticeForm form = NoticeForm.posted(HttpRequests.form(exchange));
        if (!form.value("action").equals("queue")) {
            Map<String, Object> model = composeModel(exchange, form, List.of());
            model.put("showPreview", true);
            view.page(exchange, 200, "desk-compose.ftlh", model);
            return;
        }
        List<FieldError> problems = new ArrayList<>(form.ownProblems());
        byte[] json = json(form, uploads(exchange));
        try {
            if (!problems.isEmpty()) {
                notices.check(json); // the API's objections too, so that every problem shows at once
            } else {
                NoticeStore.Stored stored = notices.accept(json, "web", form.intakeKey());
                LOG.info(
                        "Notice {} queued on the desk by {}{}",
                        stored.notice().id(),
                        exchange.getProperty(Access.TOKEN, ApiToken.class).name(),
                        stored.created() ? "" : " (posted again; stored once)");
                redirect(exchange, "/desk/notices/" + stored.notice().id() + "?queued=" + (stored.created() ? 1 : 2));
                return;
            }
        } catch (Refusal refused) {
            if (refused.kind() != Refusal.Kind.INVALID) {
                throw refused;
            }
            problems.addAll(refused.errors());
        }
        view.page(exchange, 400, "desk-compose.ftlh", composeModel(exchange, form, problems));
    }

    /** {@code POST /desk/notices/preview}: the preview alone, for the page's script to put under the form. */
    public void preview(Exchange exchange) {
        NoticeForm form = NoticeForm.posted(HttpRequests.form(exchange));
        Map<String, Object> model = new HashMap<>();
        model.put("preview", models.preview(form));
        view.page(exchange, 200, "desk-preview.ftlh", model);
    }

    /** {@code GET /desk/notices}: the queue and the history, filtered. */
    public void list(Exchange exchange) {
        Map<String, Object> model = view.common(exchange, "notices");
        String statusText = query(exchange, "status");
        String categoryText = query(exchange, "category");
        String slotText = query(exchange, "slot");
        NoticeStatus status = statusText == null
                ? null
                : NoticeStatus.fromWireName(statusText).orElse(null);
        Category category = categoryText == null ? null : Category.BY_NAME.get(categoryText);
        String slot = slotText == null || notices.schedule().find(slotText).isEmpty() ? null : slotText;
        int page = 1;
        try {
            page = Math.max(
                    1,
                    Integer.parseInt(
                            Optional.ofNullable(query(exchange, "page")).orElse("1")));
        } catch (NumberFormatException e) {
            // the first page
        }
        NoticePage result = notices.list(new NoticeFilter(status, category, slot, page, 20));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Notice n : result.items()) {
            rows.add(models.notice(n));
        }
        model.put("rows", rows);
        model.put("total", result.total());
        model.put("page", result.page());
        model.put("pages", Math.max(1, (result.total() + 19) / 20));
        model.put("status", status == null ? "" : status.wireName());
        model.put("category", category == null ? "" : category.wireName());
        model.put("slot", slot == null ? "" : slot);
        model.put("statuses", statusLabels());
        model.put("categories", categoryLabels());
        model.put("slots", view.slotLabels());
        view.page(exchange, 200, "desk-notices.ftlh", model);
    }

    /** {@code GET /desk/notices/{id}}: one notice, where it stands, and what went out with it. */
    public void show(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        Notice notice = notices.find(id).orElseThrow(() -> Refusal.notFound("没有编号为 " + id + " 的通知。"));
        Map<String, Object> model = view.common(exchange, "notices");
        model.put("notice", models.notice(notice));
        model.put("bodyHtml", sources.templates().bodyHtml(notice.body()));
        model.put("queued", Optional.ofNullable(query(exchange, "queued")).orElse(""));
        model.put("withdrawn", query(exchange, "withdrawn") != null);
        sources.bulletins().bulletinOf(notice.id()).ifPresent(bulletin -> {
            model.put("bulletin", bulletin);
            Map<String, Map<String, Integer>> counts = sources.deliveries().counts(bulletin);
            List<Map<String, Object>> channels = new ArrayList<>();
            counts.forEach((channel, byStatus) ->
                    channels.add(Map.of("channel", channelLabel(channel), "counts", new TreeMap<>(byStatus))));
            model.put("deliveries", channels);
        });
        view.page(exchange, 200, "desk-notice.ftlh", model);
    }

    /**
     * {@code POST /desk/notices/{id}/withdraw}: without {@code confirm=yes} it asks first; with it, the notice is
     * withdrawn (if no bulletin took it yet).
     */
    public void withdraw(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        Notice notice = notices.find(id).orElseThrow(() -> Refusal.notFound("没有编号为 " + id + " 的通知。"));
        List<String> confirm = HttpRequests.form(exchange).getOrDefault("confirm", List.of());
        if (!confirm.equals(List.of("yes"))) {
            Map<String, Object> model = view.common(exchange, "notices");
            model.put("notice", models.notice(notice));
            view.page(exchange, 200, "desk-withdraw.ftlh", model);
            return;
        }
        notices.withdraw(id);
        LOG.info(
                "Notice {} withdrawn on the desk by {}",
                id,
                exchange.getProperty(Access.TOKEN, ApiToken.class).name());
        redirect(exchange, "/desk/notices/" + id + "?withdrawn=1");
    }

    private Map<String, Object> composeModel(Exchange exchange, NoticeForm form, List<FieldError> problems) {
        Map<String, Object> model = view.common(exchange, "compose");
        model.put("form", form.model());
        Map<String, List<String>> byField = new LinkedHashMap<>();
        for (FieldError problem : problems) {
            byField.computeIfAbsent(NoticeForm.fieldOf(problem), f -> new ArrayList<>())
                    .add(problem.message());
        }
        model.put("problems", byField);
        model.put("problemCount", problems.size());
        model.put("maxAttachmentBytes", NoticeDraft.MAX_ATTACHMENT_BYTES);
        model.put("fileFields", FILE_FIELDS);
        model.put("categories", categoryLabels());
        ZoneDirectory zones = sources.zones();
        Map<String, Integer> tags = new TreeMap<>();
        Map<String, Integer> cities = new TreeMap<>();
        Map<String, Integer> tiers = new LinkedHashMap<>();
        for (Tier tier : Tier.values()) {
            tiers.put(tier.wireName(), 0);
        }
        for (Zone zone : zones.zones()) {
            zone.tags().forEach(tag -> tags.merge(tag, 1, Integer::sum));
            cities.merge(zone.city(), 1, Integer::sum);
            tiers.merge(zone.tier().wireName(), 1, Integer::sum);
        }
        model.put("tags", tags);
        model.put("cities", cities);
        List<Map<String, Object>> tierList = new ArrayList<>();
        tiers.forEach((tier, count) ->
                tierList.add(Map.of("id", tier, "label", Tier.BY_NAME.get(tier).label(), "count", count)));
        model.put("tiers", tierList);
        model.put(
                "zones",
                zones.zones().stream()
                        .map(z -> Map.of("id", z.id(), "name", z.name()))
                        .toList());
        model.put("zoneCount", zones.zones().size());
        model.put("preview", models.preview(form));
        model.put("showPreview", false);
        model.put("slotsByCategory", models.slotsByCategory());
        return model;
    }

    private byte[] json(NoticeForm form) {
        return json(form, List.of());
    }

    /** The notice as the API takes it, with the files uploaded with the form (an empty file input sends none). */
    private byte[] json(NoticeForm form, List<Upload> uploads) {
        ObjectNode json = form.json(mapper);
        if (!uploads.isEmpty()) {
            var attachments = json.putArray("attachments");
            for (Upload upload : uploads) {
                attachments
                        .addObject()
                        .put("name", upload.name())
                        .put("contentType", upload.contentType())
                        .put("contentBase64", Base64.getEncoder().encodeToString(upload.bytes()));
            }
        }
        try {
            return mapper.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file uploaded with a form. */
    private record Upload(String name, String contentType, byte[] bytes) {}

    /** The file inputs of the 写通知 form: one file each (the HTTP server keeps one file per field name). */
    static final List<String> FILE_FIELDS = List.of("file1", "file2", "file3");

    /** The files uploaded with the form, in the form's order; an input left empty sends none. */
    private static List<Upload> uploads(Exchange exchange) {
        AttachmentMessage message = exchange.getMessage(AttachmentMessage.class);
        if (!message.hasAttachments()) {
            return List.of();
        }
        List<Upload> uploads = new ArrayList<>();
        for (String field : FILE_FIELDS) {
            DataHandler file = message.getAttachment(field);
            // The handler is named after the file as the browser sent it; an empty input sends a part without a name.
            if (file == null || file.getName() == null || file.getName().isBlank()) {
                continue;
            }
            try (InputStream in = file.getInputStream()) {
                String type = file.getContentType();
                uploads.add(new Upload(
                        file.getName(),
                        type == null || type.isBlank() ? "application/octet-stream" : type,
                        in.readAllBytes()));
            } catch (IOException e) {
                throw new IllegalStateException("an uploaded file could not be read", e);
            }
        }
        return uploads;
    }
}
