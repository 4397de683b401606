package org.devzone.bulletin.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.devzone.bulletin.notice.Attachment;
import org.devzone.bulletin.notice.Notice;

/**
 * A zone's edition as the bytes of an email: {@code multipart/mixed} holding {@code multipart/alternative} (plain text
 * and HTML) and the notices' attachments; UTF-8 bodies in base64, an RFC 2047 subject, and a Message-ID fixed per
 * delivery so a resend is recognisably the same mail. The words come from the {@code email.*} templates.
 *
 * <p>The mails of one batch share what does not differ between them, encoded once: the From header, each distinct
 * subject, and every attachment (a 5 MiB file is encoded once for the batch, not once a zone). Per recipient only the
 * headers that name it and its own rendered text (its name, its receipt links) are encoded. The parts are written as
 * the MIME standard lays them out, with Jakarta Mail's encoders for headers and parameters; {@code
 * EmailComposerTest} reads every mail back with Jakarta Mail's parser and compares it with the mail Jakarta Mail
 * builds for the same edition.
 */
public final class EmailComposer {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final byte[] CRLF = {'\r', '\n'};
    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(76, CRLF);

    private final EditionTemplates templates;
    /** The From header as sent: the office's name RFC 2047-encoded, folded once rather than for every mail. */
    private final String fromHeader;

    private final InternetAddress from;
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
            from = new InternetAddress(fromAddress, officeName, "UTF-8");
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

    /** The sender, for the SMTP envelope. */
    InternetAddress from() {
        return from;
    }

    /** A composer for the mails of one batch, sharing what they have in common; not for use by two threads. */
    Batch batch() {
        return new Batch();
    }

    /** One mail, ready to send: its recipient for the envelope and its bytes as they go on the wire. */
    public record EncodedMail(String recipient, byte[] bytes) {}

    /** The mails of one batch: what they share is encoded by the first that needs it. */
    final class Batch {
        private final Map<Attachment, byte[]> attachments = new IdentityHashMap<>();
        private final Map<String, String> subjects = new HashMap<>();
        private final MailDateFormat dates = new MailDateFormat();
        private final String boundary =
                "=_bulletin_" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        private long dateSecond = -1;
        private String date;

        EncodedMail compose(String deliveryId, String address, String recipientName, EditionTemplates.Edition edition)
                throws MessagingException {
            List<String> rendered;
            try {
                rendered = templates.render(edition, "email.subject.ftl", "email.txt.ftl", "email.html.ftlh");
            } catch (EditionTemplates.TemplateFailure e) {
                throw new MessagingException(e.getMessage(), e);
            }
            String subject = WHITESPACE.matcher(rendered.get(0).strip()).replaceAll(" ");
            Wire mail = new Wire(rendered.get(1).length() * 6 + 2048);
            mail.header("Date", date());
            mail.header("From", fromHeader);
            if (!replyTo.isEmpty()) {
                mail.header("Reply-To", new InternetAddress(replyTo.replace("{delivery}", deliveryId)).toString());
            }
            try {
                mail.header("To", MimeUtility.fold(4, new InternetAddress(address, recipientName, "UTF-8").toString()));
                mail.header("Message-ID", messageId(deliveryId));
                mail.header("Subject", subjects.computeIfAbsent(subject, Batch::encodeSubject));
                mail.header("MIME-Version", "1.0");
                mail.header("X-Bulletin-Zone", MimeUtility.encodeText(edition.zoneId(), "UTF-8", null));
            } catch (UnsupportedEncodingException | IllegalStateException e) {
                throw new MessagingException("cannot encode the mail's headers", e);
            }
            mail.header("Content-Type", "multipart/mixed; boundary=\"m" + boundary + "\"");
            mail.line("");
            mail.line("--m" + boundary);
            mail.header("Content-Type", "multipart/alternative; boundary=\"a" + boundary + "\"");
            mail.line("");
            mail.line("--a" + boundary);
            mail.text("text/plain; charset=UTF-8", rendered.get(1));
            mail.line("--a" + boundary);
            mail.text("text/html; charset=UTF-8", rendered.get(2));
            mail.line("--a" + boundary + "--");
            mail.line("");
            for (Notice notice : edition.notices()) {
                for (Attachment a : edition.attachments().getOrDefault(notice.id(), List.of())) {
                    mail.line("--m" + boundary);
                    byte[] part = attachments.get(a);
                    if (part == null) {
                        part = encodeAttachment(a);
                        attachments.put(a, part);
                    }
                    mail.bytes(part);
                }
            }
            mail.line("--m" + boundary + "--");
            return new EncodedMail(address, mail.toByteArray());
        }

        private String date() {
            long now = System.currentTimeMillis();
            if (now / 1000 != dateSecond) {
                dateSecond = now / 1000;
                date = dates.format(new Date(now));
            }
            return date;
        }

        private static String encodeSubject(String subject) {
            try {
                return MimeUtility.fold(9, MimeUtility.encodeText(subject, "UTF-8", null));
            } catch (UnsupportedEncodingException e) {
                throw new IllegalStateException(e);
            }
        }

        private static byte[] encodeAttachment(Attachment a) throws MessagingException {
            String name;
            try {
                name = MimeUtility.encodeText(a.name(), "UTF-8", "B");
            } catch (UnsupportedEncodingException e) {
                throw new MessagingException("cannot encode an attachment's name", e);
            }
            ContentType type = new ContentType(a.contentType());
            type.setParameter("name", name);
            ContentDisposition disposition = new ContentDisposition("attachment");
            disposition.setParameter("filename", name);
            Wire part = new Wire(a.size() * 4 / 3 + a.size() / 38 + 512);
            part.header("Content-Type", MimeUtility.fold(14, type.toString()));
            part.header("Content-Transfer-Encoding", "base64");
            part.header("Content-Disposition", MimeUtility.fold(21, disposition.toString()));
            part.line("");
            part.base64(a.content());
            return part.toByteArray();
        }
    }

    /** The bytes of a mail or a part, line by line, CRLF-terminated as on the wire. */
    private static final class Wire extends ByteArrayOutputStream {

        Wire(int size) {
            super(size);
        }

        void header(String name, String value) {
            line(name + ": " + value);
        }

        void line(String text) {
            writeBytes(text.getBytes(StandardCharsets.UTF_8));
            writeBytes(CRLF);
        }

        /**
         * A text part: its headers, and the text as UTF-8 in base64, its line breaks as rendered (as Jakarta Mail
         * encodes a text part; readers take either form).
         */
        void text(String contentType, String text) {
            header("Content-Type", contentType);
            header("Content-Transfer-Encoding", "base64");
            line("");
            base64(text.getBytes(StandardCharsets.UTF_8));
        }

        void base64(byte[] content) {
            if (content.length > 0) {
                writeBytes(BASE64.encode(content));
                writeBytes(CRLF);
            }
        }

        void bytes(byte[] bytes) {
            writeBytes(bytes);
        }
    }
}
