package org.devzone.bulletin.delivery;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.text.LineBreakRendering;
import org.commonmark.renderer.text.TextContentRenderer;
import org.devzone.bulletin.cadence.Category;
import org.devzone.bulletin.config.ConfigException;
import org.devzone.bulletin.notice.Attachment;
import org.devzone.bulletin.notice.Notice;

/**
 * The FreeMarker templates in {@code config/templates/} and the model they render: one zone's edition with its
 * notices grouped by category. A slot's own template ({@code friday-reminders.email.txt.ftl}) wins over the shared
 * one; an admin's edit is picked up within seconds. Notice bodies are Markdown, rendered with raw HTML escaped.
 */
public final class EditionTemplates {

    /**
     * One zone's edition, whatever channel carries it. {@code attachments} hold the files' bytes, for email; the
     * templates only need their names, which the notices carry.
     */
    public record Edition(
            String officeName,
            String slotId,
            String slotName,
            String template,
            LocalDate date,
            boolean urgent,
            String zoneId,
            String zoneName,
            String zoneCity,
            List<Notice> notices,
            Map<String, List<Attachment>> attachments,
            Map<String, Object> sections,
            Map<String, String> receiptLinks,
            List<Map<String, Object>> owed,
            String zonePage) {}

    static final String[] REQUIRED = {
        "email.subject.ftl", "email.txt.ftl", "email.html.ftlh", "chat.md.ftl", "chat.txt.ftl"
    };

    private final Configuration configuration;
    private final Parser markdown = Parser.builder().build();
    private final HtmlRenderer html =
            HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();
    /** Markdown as a person reads it in a plain-text message: emphasis dropped, lists, links and paragraphs kept. */
    private final TextContentRenderer plain = TextContentRenderer.builder()
            .lineBreakRendering(LineBreakRendering.SEPARATE_BLOCKS)
            .build();

    public EditionTemplates(Path directory) {
        this.configuration = configuration(directory);
    }

    /** Notice bodies as HTML and as plain text, by their Markdown: the same notice goes to every zone. */
    private final Map<String, String> htmlBodies = recentlyUsed();

    private final Map<String, String> plainBodies = recentlyUsed();

    private static Map<String, String> recentlyUsed() {
        return Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > 1_000;
            }
        });
    }

    /** A notice body (Markdown) as the HTML part of a mail shows it: raw HTML escaped, unsafe links dropped. */
    public String bodyHtml(String markdownBody) {
        return htmlBodies.computeIfAbsent(markdownBody, body -> html.render(markdown.parse(body)));
    }

    /** A notice body (Markdown) as chat messages and the text part of a mail show it. */
    public String bodyText(String markdownBody) {
        return plainBodies.computeIfAbsent(
                markdownBody, body -> plain.render(markdown.parse(body)).strip());
    }

    /** Renders {@code name} (or the edition's own {@code <template>.<name>}) with the edition's model. */
    public String render(Edition edition, String name) throws TemplateFailure {
        return render(edition, model(edition), name);
    }

    /** Renders several templates of one edition (an email's subject and bodies), building its model once. */
    public List<String> render(Edition edition, String... names) throws TemplateFailure {
        Map<String, Object> model = model(edition);
        List<String> rendered = new ArrayList<>(names.length);
        for (String name : names) {
            rendered.add(render(edition, model, name));
        }
        return rendered;
    }

    private String render(Edition edition, Map<String, Object> model, String name) throws TemplateFailure {
        try {
            Template template = configuration.getTemplate(edition.template() + "." + name, null, null, true, true);
            if (template == null) {
                template = configuration.getTemplate(name);
            }
            StringWriter out = new StringWriter();
            template.process(model, out);
            return out.toString();
        } catch (TemplateException | IOException e) {
            throw new TemplateFailure("template " + name + " failed: " + e.getMessage(), e);
        }
    }

    /** A template an admin broke: the delivery is retried, so fixing the file lets it through. */
    public static final class TemplateFailure extends Exception {
        TemplateFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Parses every template of a directory; each problem with its file and line. */
    public static List<String> check(Path directory) {
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            problems.add(directory + ": the templates directory is missing");
            return problems;
        }
        Configuration configuration = configuration(directory);
        try (var files = Files.list(directory)) {
            for (Path file : files.filter(
                            f -> f.toString().endsWith(".ftl") || f.toString().endsWith(".ftlh"))
                    .sorted()
                    .toList()) {
                try {
                    configuration.getTemplate(file.getFileName().toString());
                } catch (freemarker.core.ParseException e) {
                    problems.add(file + ":" + e.getLineNumber() + ": " + e.getEditorMessage());
                } catch (IOException e) {
                    problems.add(file + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            problems.add(directory + ": cannot be listed (" + e.getMessage() + ")");
        }
        for (String required : REQUIRED) {
            if (!Files.exists(directory.resolve(required))) {
                problems.add(directory.resolve(required) + ": missing; every edition needs it");
            }
        }
        return problems;
    }

    private Map<String, Object> model(Edition e) {
        Map<String, Object> model = new HashMap<>();
        model.put("office", e.officeName());
        model.put("slot", Map.of("id", e.slotId(), "name", e.slotName()));
        model.put("date", e.date().toString());
        model.put("weekday", e.date().getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.CHINA));
        model.put("zone", Map.of("id", e.zoneId(), "name", e.zoneName(), "city", e.zoneCity()));
        model.put("urgent", e.urgent());
        model.put("reminder", "reminder".equals(e.template()));
        // Sections in one fixed order (the categories' own) for every zone and channel; items numbered as read.
        Map<Category, List<Notice>> byCategory = new EnumMap<>(Category.class);
        e.notices()
                .forEach(n -> byCategory
                        .computeIfAbsent(n.category(), k -> new ArrayList<>())
                        .add(n));
        List<Map<String, Object>> groupList = new ArrayList<>();
        int number = 1;
        for (Map.Entry<Category, List<Notice>> section : byCategory.entrySet()) {
            List<Map<String, Object>> notices = new ArrayList<>();
            for (Notice n : section.getValue()) {
                notices.add(notice(n, number++, e.receiptLinks()));
            }
            groupList.add(Map.of("label", section.getKey().label(), "notices", notices));
        }
        model.put("groups", groupList);
        model.put("receipts", e.sections().containsKey("receipts"));
        model.put("owed", e.owed());
        if (e.zonePage() != null) {
            model.put("zonePage", e.zonePage());
        }
        if (e.sections().containsKey("lastWeek")) {
            model.put("lastWeek", e.sections().get("lastWeek"));
        }
        return model;
    }

    private Map<String, Object> notice(Notice n, int number, Map<String, String> receiptLinks) {
        Map<String, Object> notice = new HashMap<>();
        notice.put("number", number);
        notice.put("id", n.id());
        notice.put("category", n.category().wireName());
        notice.put("title", n.title());
        notice.put("text", n.body().strip());
        notice.put("plain", bodyText(n.body()));
        notice.put("html", bodyHtml(n.body()));
        notice.put("urgent", n.priority().wireName().equals("urgent"));
        notice.put("requiresReceipt", n.requiresReceipt());
        if (n.receiptDeadline() != null) {
            notice.put("receiptDeadline", n.receiptDeadline().toString());
        }
        if (receiptLinks.containsKey(n.id())) {
            notice.put("receiptUrl", receiptLinks.get(n.id()));
        }
        notice.put("attachments", n.attachments().stream().map(a -> a.name()).toList());
        return notice;
    }

    private static Configuration configuration(Path directory) {
        Configuration configuration = new Configuration(Configuration.VERSION_2_3_34);
        try {
            configuration.setDirectoryForTemplateLoading(directory.toFile());
        } catch (IOException e) {
            throw ConfigException.of(directory + ": cannot read templates (" + e.getMessage() + ")");
        }
        configuration.setDefaultEncoding("UTF-8");
        configuration.setRecognizeStandardFileExtensions(true);
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        configuration.setWrapUncheckedExceptions(true);
        configuration.setFallbackOnNullLoopVariable(false);
        configuration.setTemplateUpdateDelayMilliseconds(2000);
        return configuration;
    }
}
