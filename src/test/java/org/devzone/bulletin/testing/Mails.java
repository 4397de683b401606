package org.devzone.bulletin.testing;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/** Reading a bulletin mail as a zone's mail program shows it: its text part and its HTML part. */
public final class Mails {

    private Mails() {}

    /** The plain-text part (a bulletin mail is mixed: alternative text and HTML, then the files). */
    public static String text(MimeMessage mail) throws Exception {
        return (String) alternative(mail).getBodyPart(0).getContent();
    }

    /** The HTML part. */
    public static String html(MimeMessage mail) throws Exception {
        return (String) alternative(mail).getBodyPart(1).getContent();
    }

    private static MimeMultipart alternative(MimeMessage mail) throws Exception {
        var mixed = (MimeMultipart) mail.getContent();
        return (MimeMultipart) mixed.getBodyPart(0).getContent();
    }
}
