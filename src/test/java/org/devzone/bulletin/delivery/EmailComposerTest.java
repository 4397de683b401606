package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.activation.DataHandler;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.devzone.bulletin.cadence.Category;
import org.devzone.bulletin.notice.Attachment;
import org.devzone.bulletin.notice.AttachmentInfo;
import org.devzone.bulletin.notice.Notice;
import org.junit.jupiter.api.Test;

/**
 * The mails a batch's composer writes, read back with Jakarta Mail's MIME parser, against the mail Jakarta Mail itself
 * builds for the same edition: the same headers, structure, text, HTML and files; 7-bit clean, no line over the
 * standard's limit; each recipient's own headers and text while the files are the batch's, encoded once.
 */
class EmailComposerTest {

    private static final String OFFICE = Editions.OFFICE;
    private static final String FROM = "bulletin@devzone-office.example.org";
    private static final String REPLY_TO = "reply+{delivery}@devzone-office.example.org";

    private final EditionTemplates templates = new EditionTemplates(Path.of("config/templates"));
    private final EmailComposer composer = new EmailComposer(templates, OFFICE, FROM, REPLY_TO);
    private final Session session = Session.getInstance(new Properties());

    private final byte[] pdf = pseudoRandom(300_000);
    private final Attachment report = new Attachment("2026年度考核细则（定稿）.pdf", "application/pdf", pdf);
    private final Attachment sheet =
            new Attachment("报送表.csv", "text/csv; charset=UTF-8", "开发区,得分\n东州,95\n".getBytes(StandardCharsets.UTF_8));

    @Test
    void aMailReadsBackAsTheMailJakartaMailBuildsForTheSameEdition() throws Exception {
        EditionTemplates.Edition edition = edition("dongzhou-etdz", "东州经济技术开发区");

        byte[] bytes = composer.batch()
                .compose("d-1", "li.na@dongzhou.example.org", "李娜", edition)
                .bytes();
        MimeMessage ours = parse(bytes);
        MimeMessage reference = parse(jakartaMail("d-1", "li.na@dongzhou.example.org", "李娜", edition));

        for (String header : List.of("Subject", "Message-ID", "X-Bulletin-Zone")) {
            assertThat(ours.getHeader(header, null)).as(header).isEqualTo(reference.getHeader(header, null));
        }
        assertThat(ours.getSubject()).isEqualTo(reference.getSubject()).startsWith("【省商务厅开发区处】");
        assertThat(ours.getFrom()).containsExactly(reference.getFrom());
        assertThat(((InternetAddress) ours.getFrom()[0]).getPersonal()).isEqualTo(OFFICE);
        assertThat(ours.getRecipients(Message.RecipientType.TO))
                .containsExactly(reference.getRecipients(Message.RecipientType.TO));
        assertThat(((InternetAddress) ours.getRecipients(Message.RecipientType.TO)[0]).getPersonal())
                .isEqualTo("李娜");
        assertThat(ours.getReplyTo()).containsExactly(reference.getReplyTo());
        assertThat(ours.getSentDate()).isNotNull();
        assertThat(outline(ours)).isEqualTo(outline(reference));
        assertThat(outline(ours))
                .containsExactly(
                        "multipart/mixed",
                        "multipart/alternative",
                        "text/plain; charset=utf-8",
                        "text/html; charset=utf-8",
                        "application/pdf attachment 2026年度考核细则（定稿）.pdf",
                        "text/csv; charset=utf-8 attachment 报送表.csv");
        List<Object> contents = contents(ours);
        List<Object> expected = contents(reference);
        assertThat(contents).hasSameSizeAs(expected);
        for (int i = 0; i < contents.size(); i++) {
            assertThat(contents.get(i)).as("part %d", i).isEqualTo(expected.get(i));
        }
        assertThat((String) contents.get(0)).contains("东州经济技术开发区：").contains("关于报送年度考核材料的通知");
        assertThat((byte[]) contents.get(2)).isEqualTo(pdf);
    }

    @Test
    void everyMailIsSevenBitCleanWithNoLineOverTheLimit() throws Exception {
        byte[] bytes = composer.batch()
                .compose("d-1", "li.na@dongzhou.example.org", "李娜", edition("dongzhou-etdz", "东州经济技术开发区"))
                .bytes();

        String wire = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(wire.chars().allMatch(c -> c < 128)).isTrue();
        assertThat(wire).endsWith("\r\n").doesNotContain("\r\r").doesNotContainPattern("[^\r]\n");
        for (String line : wire.split("\r\n")) {
            assertThat(line.length()).as(line).isLessThanOrEqualTo(998);
        }
        String headers = wire.substring(0, wire.indexOf("\r\n\r\n"));
        for (String line : headers.split("\r\n")) {
            assertThat(line.length()).as("a header line: " + line).isLessThanOrEqualTo(78);
        }
    }

    @Test
    void theMailsOfABatchAreEachTheirZonesAndShareTheFiles() throws Exception {
        EmailComposer.Batch batch = composer.batch();

        MimeMessage east = parse(batch.compose("d-1", "a@east.example.org", "王强", edition("east", "东区开发区"))
                .bytes());
        MimeMessage west = parse(batch.compose("d-2", "b@west.example.org", "赵敏", edition("west", "西区开发区"))
                .bytes());

        assertThat(east.getMessageID()).isEqualTo("<d-1@bulletin-dispatcher>");
        assertThat(west.getMessageID()).isEqualTo("<d-2@bulletin-dispatcher>");
        assertThat(west.getReplyTo()[0].toString()).isEqualTo("reply+d-2@devzone-office.example.org");
        assertThat(west.getHeader("X-Bulletin-Zone", null)).isEqualTo("west");
        assertThat((String) contents(east).get(0)).contains("东区开发区：").doesNotContain("西区开发区");
        assertThat((String) contents(west).get(0)).contains("西区开发区：").doesNotContain("东区开发区");
        assertThat((byte[]) contents(west).get(2)).isEqualTo(pdf);
        assertThat((String) contents(west).get(3)).isEqualTo("开发区,得分\n东州,95\n");
    }

    /** What Jakarta Mail builds for the edition, as the dispatcher built every mail before it encoded them itself. */
    private byte[] jakartaMail(String deliveryId, String address, String name, EditionTemplates.Edition edition)
            throws Exception {
        List<String> rendered = templates.render(edition, "email.subject.ftl", "email.txt.ftl", "email.html.ftlh");
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", EmailComposer.messageId(deliveryId));
            }
        };
        message.setFrom(new InternetAddress(FROM, OFFICE, "UTF-8"));
        message.setReplyTo(new InternetAddress[] {new InternetAddress(REPLY_TO.replace("{delivery}", deliveryId))});
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(address, name, "UTF-8"));
        message.setSubject(rendered.get(0).strip().replaceAll("\\s+", " "), "UTF-8");
        message.setSentDate(new java.util.Date());
        message.setHeader("X-Bulletin-Zone", edition.zoneId());
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(rendered.get(1), "UTF-8", "plain");
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(rendered.get(2), "UTF-8", "html");
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
                part.setFileName(MimeUtility.encodeText(a.name(), "UTF-8", "B"));
                part.setDisposition(Part.ATTACHMENT);
                mixed.addBodyPart(part);
            }
        }
        message.setContent(mixed);
        message.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    private MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(session, new ByteArrayInputStream(bytes));
    }

    /** Each part's type (and, for a file, its disposition and decoded name), depth first. */
    private static List<String> outline(Part part) throws Exception {
        List<String> outline = new ArrayList<>();
        ContentType type = new ContentType(part.getContentType());
        if (part.isMimeType("multipart/*")) {
            outline.add(type.getBaseType().toLowerCase());
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                outline.addAll(outline(multipart.getBodyPart(i)));
            }
            return outline;
        }
        String charset = type.getParameter("charset");
        String line = type.getBaseType().toLowerCase() + (charset == null ? "" : "; charset=" + charset.toLowerCase());
        if (part.getDisposition() != null) {
            line += " " + part.getDisposition() + " " + MimeUtility.decodeText(part.getFileName());
        }
        outline.add(line);
        return outline;
    }

    /**
     * The leaves' contents, depth first: text for text parts, bytes for files. Line breaks are compared as LF: Jakarta
     * Mail writes CRLF in quoted-printable parts and leaves them in base64 ones, and readers show both alike.
     */
    private static List<Object> contents(Part part) throws Exception {
        List<Object> contents = new ArrayList<>();
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                contents.addAll(contents(multipart.getBodyPart(i)));
            }
        } else if (part instanceof BodyPart && part.getDisposition() != null) {
            try (InputStream in = part.getInputStream()) {
                byte[] file = in.readAllBytes();
                contents.add(part.isMimeType("text/*") ? new String(file, StandardCharsets.UTF_8) : file);
            }
        } else {
            contents.add(((String) part.getContent()).replace("\r\n", "\n"));
        }
        return contents;
    }

    private EditionTemplates.Edition edition(String zoneId, String zoneName) {
        Notice document = Editions.notice(
                "n1",
                Category.DOCUMENT,
                "关于报送年度考核材料的通知",
                "请各开发区于**12月4日**前报送材料。详见附件。",
                LocalDate.of(2026, 12, 4),
                List.of(
                        new AttachmentInfo(report.name(), report.contentType(), report.size()),
                        new AttachmentInfo(sheet.name(), sheet.contentType(), sheet.size())));
        return Editions.friday(
                zoneId,
                zoneName,
                List.of(document),
                Map.of("n1", List.of(report, sheet)),
                Map.of("n1", "https://bulletin.example.org/r/" + zoneId + "/n1?sig=abc"));
    }

    private static byte[] pseudoRandom(int size) {
        byte[] bytes = new byte[size];
        long x = 42;
        for (int i = 0; i < size; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            bytes[i] = (byte) (x >>> 56);
        }
        return Arrays.copyOf(bytes, size);
    }
}
