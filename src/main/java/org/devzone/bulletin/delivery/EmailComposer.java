package org.devzone.bulletin.delivery;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UnsupportedEncodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.devzone.bulletin.config.ConfigException;
import org.devzone.bulletin.notice.Attachment;
import org.devzone.bulletin.notice.Category;
import org.devzone.bulletin.notice.Notice;

/**
 * A zone's edition as an email: {@code multipart/mixed} holding {@code multipart/alternative} (plain text and HTML)
 * and the notices' attachments; UTF-8 bodies, an RFC 2047 subject, and a Message-ID fixed per delivery so a resend is
 * recognisably the same mail. The words come from the FreeMarker templates in {@code config/templates/}; notice bodies
 * are Markdown, rendered with any raw HTML escaped.
 */
public final class EmailComposer {

    /** Everything one email needs. */
    public record Content(String deliveryId, String address, String recipientName, String slotId, String slotName,
            String template, java.time.LocalDate date, boolean urgent, String zoneId, String zoneName, String zoneCity,
            List<Notice> notices, Map<String, List<Attachment>> attachments, Map<String, Object> sections) {}

    static final String[] TEMPLATES = {"email.subject.ftl", "email.txt.ftl", "email.html.ftlh"};

    private final Configuration templates;
    private final Parser markdown = Parser.builder().build();
    private final HtmlRenderer html = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();
    private final String officeName;
    private final InternetAddress from;

    public EmailComposer(Path templateDir, String officeName, String fromAddress) {
        this.templates = configuration(templateDir);
        this.officeName = officeName;
        try {
            this.from = new InternetAddress(fromAddress, officeName, "UTF-8");
            this.from.validate();
        } catch (UnsupportedEncodingException | MessagingException e) {
            throw new IllegalArgumentException("dispatcher.mail.from is not an email address: " + fromAddress, e);
        }
    }

    /** Parses every template of a directory; each problem with its file and line. */
    public static List<String> check(Path templateDir) {
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(templateDir)) {
            problems.add(templateDir + ": the templates directory is missing");
            return problems;
        }
        Configuration configuration = configuration(templateDir);
        try (var files = Files.list(templateDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ftl") || f.toString().endsWith(".ftlh")).sorted().toList()) {
                try {
                    configuration.getTemplate(file.getFileName().toString());
                } catch (freemarker.core.ParseException e) {
                    problems.add(file + ":" + e.getLineNumber() + ": " + e.getEditorMessage());
                } catch (IOException e) {
                    problems.add(file + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            problems.add(templateDir + ": cannot be listed (" + e.getMessage() + ")");
        }
        for (String required : TEMPLATES) {
            if (!Files.exists(templateDir.resolve(required))) {
                problems.add(templateDir.resolve(required) + ": missing; every edition needs it");
            }
        }
        return problems;
    }

    public MimeMessage compose(Session session, Content content) throws MessagingException {
        Map<String, Object> model = model(content);
        String subject = render(content, "email.subject.ftl", model).strip().replaceAll("\\s+", " ");
        String text = render(content, "email.txt.ftl", model);
        String htmlBody = render(content, "email.html.ftlh", model);
        String messageId = "<" + content.deliveryId() + "@bulletin-dispatcher>";
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(from);
        try {
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(content.address(), content.recipientName(), "UTF-8"));
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("cannot encode the recipient's name", e);
        }
        message.setSubject(subject, "UTF-8");
        message.setSentDate(new Date());
        message.setHeader("X-Bulletin-Zone", content.zoneId());

        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, "UTF-8", "plain");
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(htmlBody, "UTF-8", "html");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(rich);
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(alternative);
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(body);
        for (Notice notice : content.notices()) {
            for (Attachment a : content.attachments().getOrDefault(notice.id(), List.of())) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.content(), a.contentType())));
                try {
                    part.setFileName(MimeUtility.encodeText(a.name(), "UTF-8", "B"));
                } catch (UnsupportedEncodingException e) {
                    throw new MessagingException("cannot encode an attachment's name", e);
                }
                part.setDisposition(Part.ATTACHMENT);
                mixed.addBodyPart(part);
            }
        }
        message.setContent(mixed);
        message.saveChanges();
        return message;
    }

    private Map<String, Object> model(Content c) {
        Map<String, Object> model = new HashMap<>();
        model.put("office", officeName);
        model.put("slot", Map.of("id", c.slotId(), "name", c.slotName()));
        model.put("date", c.date().toString());
        model.put("weekday", c.date().getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.CHINA));
        model.put("zone", Map.of("id", c.zoneId(), "name", c.zoneName(), "city", c.zoneCity()));
        model.put("urgent", c.urgent());
        Map<Category, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        int number = 1;
        for (Notice n : c.notices()) {
            Map<String, Object> notice = new HashMap<>();
            notice.put("number", number++);
            notice.put("title", n.title());
            notice.put("text", n.body().strip());
            notice.put("html", html.render(markdown.parse(n.body())));
            notice.put("urgent", n.priority().wireName().equals("urgent"));
            notice.put("requiresReceipt", n.requiresReceipt());
            if (n.receiptDeadline() != null) {
                notice.put("receiptDeadline", n.receiptDeadline().toString());
            }
            notice.put("attachments", c.attachments().getOrDefault(n.id(), List.of()).stream().map(Attachment::name).toList());
            groups.computeIfAbsent(n.category(), k -> new ArrayList<>()).add(notice);
        }
        List<Map<String, Object>> groupList = new ArrayList<>();
        groups.forEach((category, notices) -> groupList.add(Map.of("label", category.label(), "notices", notices)));
        model.put("groups", groupList);
        model.put("receipts", c.sections().containsKey("receipts"));
        if (c.sections().containsKey("lastWeek")) {
            model.put("lastWeek", c.sections().get("lastWeek"));
        }
        return model;
    }

    /** The slot's own template if it has one ({@code friday-reminders.email.txt.ftl}), else the shared one. */
    private String render(Content content, String name, Map<String, Object> model) throws MessagingException {
        try {
            Template template = templates.getTemplate(content.template() + "." + name, null, null, true, true);
            if (template == null) {
                template = templates.getTemplate(name);
            }
            StringWriter out = new StringWriter();
            template.process(model, out);
            return out.toString();
        } catch (TemplateException | IOException e) {
            throw new MessagingException("template " + name + " failed: " + e.getMessage(), e);
        }
    }

    private static Configuration configuration(Path templateDir) {
        Configuration configuration = new Configuration(Configuration.VERSION_2_3_34);
        try {
            configuration.setDirectoryForTemplateLoading(templateDir.toFile());
        } catch (IOException e) {
            throw ConfigException.of(templateDir + ": cannot read templates (" + e.getMessage() + ")");
        }
        configuration.setDefaultEncoding("UTF-8");
        configuration.setRecognizeStandardFileExtensions(true);
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        configuration.setWrapUncheckedExceptions(true);
        configuration.setFallbackOnNullLoopVariable(false);
        // An admin's edit is picked up within seconds.
        configuration.setTemplateUpdateDelayMilliseconds(2000);
        return configuration;
    }
}
