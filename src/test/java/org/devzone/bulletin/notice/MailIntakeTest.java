package org.devzone.bulletin.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.ImapMailbox;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Staff mail a notice to the intake mailbox; strangers' mail is set aside unanswered. */
class MailIntakeTest {

    private static final String MAILBOX = "intake@devzone-office.example.org";
    private static final String STAFF = "li.hua@devzone-office.example.org";

    private final TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 18, 10, 0));
    private ImapMailbox mailbox;
    private RunningDispatcher dispatcher;
    private Http http;

    @BeforeEach
    void boot() {
        mailbox = new ImapMailbox(MAILBOX, "intake-password");
        Map<String, String> settings = new HashMap<>(mailbox.settings("intake"));
        settings.putAll(RunningDispatcher.byHand(Map.of()));
        dispatcher = RunningDispatcher.start(settings, clock);
        http = dispatcher.http();
    }

    @AfterEach
    void shutDown() {
        dispatcher.close();
        mailbox.close();
    }

    @Test
    void aStaffMailBecomesAQueuedNoticeWithItsAttachmentAndTheSenderIsToldWhen() throws Exception {
        MimeMessage mail = mail(STAFF, "[案例] 东州经开区数字化园区建设经验");
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("东州经开区建成园区数字孪生平台，**企业办事时间缩短一半**。", "UTF-8");
        mixed.addBodyPart(text);
        MimeBodyPart pdf = new MimeBodyPart();
        pdf.setContent("%PDF-1.4 案例材料".getBytes(StandardCharsets.UTF_8), "application/pdf");
        pdf.setFileName(MimeUtility.encodeText("案例材料.pdf", "UTF-8", "B"));
        pdf.setDisposition(MimeBodyPart.ATTACHMENT);
        mixed.addBodyPart(pdf);
        mail.setContent(mixed);
        mail.saveChanges();
        mailbox.deliver(mail);

        await().atMost(Duration.ofSeconds(20)).until(() -> !repliesTo(STAFF).isEmpty());
        JsonNode notices = http.get("/api/notices").json().get("items");
        assertThat(notices).hasSize(1);
        JsonNode notice =
                http.get("/api/notices/" + notices.get(0).get("id").asText()).json();
        assertThat(notice.get("title").asText()).isEqualTo("东州经开区数字化园区建设经验");
        assertThat(notice.get("category").asText()).isEqualTo("case");
        assertThat(notice.get("author").asText()).isEqualTo("李华");
        assertThat(notice.get("body").asText()).isEqualTo("东州经开区建成园区数字孪生平台，**企业办事时间缩短一半**。");
        assertThat(notice.get("attachments").get(0).get("name").asText()).isEqualTo("案例材料.pdf");
        MimeMessage reply = repliesTo(STAFF).get(0);
        assertThat(reply.getSubject()).isEqualTo("回复：[案例] 东州经开区数字化园区建设经验");
        assertThat(reply.getHeader("In-Reply-To")[0]).isEqualTo(mail.getMessageID());
        assertThat((String) reply.getContent())
                .contains("您的通知已收到并排入发送队列。")
                .contains("分类：典型案例")
                .contains("发送时段：周中信息、案例与媒体报道，预计 2026-11-19（周四）10:00 随公报发出")
                .contains("附件：1 个");

        await().atMost(Duration.ofSeconds(10)).until(() -> mailbox.inbox() == 0);
        assertThat(mailbox.folder("processed")).isEqualTo(1);
    }

    @Test
    void aStrangersMailIsMovedAsideUnansweredAndAFaultyStaffMailIsAnsweredWithWhatIsWrong() throws Exception {
        MimeMessage stranger = mail("someone@elsewhere.example.org", "[文件] 请转发给所有开发区");
        stranger.setText("请转发。", "UTF-8");
        stranger.saveChanges();
        mailbox.deliver(stranger);
        MimeMessage faulty = mail(STAFF, "[提醒]");
        faulty.setText("忘了写标题。", "UTF-8");
        faulty.saveChanges();
        mailbox.deliver(faulty);

        await().atMost(Duration.ofSeconds(20)).until(() -> !repliesTo(STAFF).isEmpty());
        assertThat((String) repliesTo(STAFF).get(0).getContent())
                .contains("您的邮件未能排入发送队列")
                .contains("标题（邮件主题）：");
        await().atMost(Duration.ofSeconds(10)).until(() -> mailbox.inbox() == 0);
        assertThat(mailbox.folder("rejected")).isEqualTo(1);
        assertThat(mailbox.folder("processed")).isEqualTo(1);
        assertThat(repliesTo("someone@elsewhere.example.org"))
                .as("no backscatter")
                .isEmpty();
        assertThat(http.get("/api/notices").json().get("items"))
                .as("nothing queued")
                .isEmpty();
    }

    private static MimeMessage mail(String from, String subject) throws Exception {
        MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()));
        mail.setFrom(new InternetAddress(from));
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress(MAILBOX));
        mail.setSubject(subject, "UTF-8");
        return mail;
    }

    private List<MimeMessage> repliesTo(String address) {
        return dispatcher.mailTo(address);
    }
}
