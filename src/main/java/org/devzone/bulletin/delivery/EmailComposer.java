package org.devzone.bulletin.delivery;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.UnsupportedEncodingException;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.devzone.bulletin.notice.Attachment;
import org.devzone.bulletin.notice.Notice;

/**
 * A zone's edition as an email: {@code multipart/mixed} holding {@code multipart/alternative} (plain text and HTML)
 * and the notices' attachments; UTF-8 bodies, an RFC 2047 subject, and a Message-ID fixed per delivery so a resend is
 * recognisably the same mail. The words come from the {@code email.*} templates.
 */
public final class EmailComposer {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final EditionTemplates templates;
    /** The From header as sent: the office's name RFC 2047-encoded, folded once rather than for every mail. */
    private final String fromHeader;

    private final String replyTo;

    /**
     * @param replyTo the Reply-To address, {@code {delivery}} in it standing for the delivery's id; empty for none
     */
    public EmailComposer(EditionTemplates templates, String officeName, String fromAddress, String replyTo) {
        this.templates = templates;
        this.replyTo = replyTo;
        if (!replyTo.isEmpty()) {
            try {
                new InternetAddress(replyTo.replace("{delivery}", "x"), true).validate();
            } catch (MessagingException e) {
                throw new IllegalArgumentException("dispatcher.mail.reply-to is not an email address: " + replyTo, e);
            }
        }
        try {
            InternetAddress from = new InternetAddress(fromAddress, officeName, "UTF-8");
            from.validate();
            this.fromHeader = MimeUtility.fold(6, from.toString());
        } catch (UnsupportedEncodingException | MessagingException e) {
            throw new IllegalArgumentException("dispatcher.mail.from is not an email address: " + fromAddress, e);
        }
    }

    /** The Message-ID of a delivery's mail: the same for every attempt. */
    public static String messageId(String deliveryId) {
        return "<" + deliveryId + "@bulletin-dispatcher>";
    }

    public MimeMessage compose(
            Session session, String deliveryId, String address, String recipientName, EditionTemplates.Edition edition)
            throws MessagingException {
        String subject;
        String text;
        String htmlBody;
        try {
            List<String> rendered = templates.render(edition, "email.subject.ftl", "email.txt.ftl", "email.html.ftlh");
            subject = WHITESPACE.matcher(rendered.get(0).strip()).replaceAll(" ");
            text = rendered.get(1);
            htmlBody = rendered.get(2);
        } catch (EditionTemplates.TemplateFailure e) {
            throw new MessagingException(e.getMessage(), e);
        }
        String messageId = messageId(deliveryId);
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setHeader("From", fromHeader);
        if (!replyTo.isEmpty()) {
            message.setReplyTo(new InternetAddress[] {new InternetAddress(replyTo.replace("{delivery}", deliveryId))});
        }
        try {
            // One short address: no folding needed (setRecipient folds every header it writes, slowly).
            message.setHeader("To", new InternetAddress(address, recipientName, "UTF-8").toString());
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("cannot encode the recipient's name", e);
        }
        message.setSubject(subject, "UTF-8");
        message.setSentDate(new Date());
        message.setHeader("X-Bulletin-Zone", edition.zoneId());

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
        for (Notice notice : edition.notices()) {
            for (Attachment a : edition.attachments().getOrDefault(notice.id(), List.of())) {
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
}
