package org.devzone.bulletin.platform;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reading a received mail: its text, and its attached files. */
public final class MailParts {

    /** Sends a mail the dispatcher wrote (an answer, a report). */
    @FunctionalInterface
    public interface Outgoing {
        void send(MimeMessage mail) throws MessagingException;
    }

    /** A file attached to a mail. */
    public record File(String name, String contentType, byte[] content) {}

    private MailParts() {}

    /** The mail's text: its text/plain part, else its HTML without tags; attached files are not text. */
    public static String text(Part part) throws MessagingException, IOException {
        if (isFile(part)) {
            return "";
        }
        if (part.isMimeType("text/plain")) {
            return String.valueOf(part.getContent());
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            String html = null;
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                if (child.isMimeType("text/html") && !isFile(child)) {
                    html = html == null ? text(child) : html;
                    continue;
                }
                String text = text(child);
                if (!text.isBlank()) {
                    return text;
                }
            }
            return html == null ? "" : html;
        }
        if (part.isMimeType("text/html")) {
            return String.valueOf(part.getContent())
                    .replaceAll("(?is)<(script|style).*?</\\1>", "")
                    .replaceAll("(?i)<br\\s*/?>|</p>|</div>", "\n")
                    .replaceAll("<[^>]+>", "")
                    .replace("&nbsp;", " ")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&");
        }
        return "";
    }

    /** The files attached to the mail, in order. */
    public static List<File> files(Part part) throws MessagingException, IOException {
        List<File> files = new ArrayList<>();
        collect(part, files);
        return files;
    }

    private static void collect(Part part, List<File> files) throws MessagingException, IOException {
        if (isFile(part)) {
            String name = part.getFileName() == null ? "附件" : MimeUtility.decodeText(part.getFileName());
            String type = part.getContentType() == null
                    ? "application/octet-stream"
                    : part.getContentType().split(";")[0].strip().toLowerCase(Locale.ROOT);
            files.add(new File(name, type, part.getInputStream().readAllBytes()));
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                collect(multipart.getBodyPart(i), files);
            }
        }
    }

    private static boolean isFile(Part part) throws MessagingException {
        return part.getFileName() != null || Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
    }
}
