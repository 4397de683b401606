package org.devzone.bulletin.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.devzone.bulletin.report.StaffReports;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.ImapMailbox;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A zone replies to its bulletin email; the reply, read over IMAP from the office's mailbox, is that zone's feedback. */
class MailFeedbackTest {

    private static final String MAILBOX = "replies@office.example.org";

    private final TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 20, 14, 0));
    private ImapMailbox mailbox;
    private RunningDispatcher dispatcher;
    private Http http;

    @BeforeEach
    void boot() {
        mailbox = new ImapMailbox(MAILBOX, "mailbox-password");
        Map<String, String> settings = new HashMap<>(mailbox.settings("replies"));
        settings.putAll(
                RunningDispatcher.byHand(Map.of("dispatcher.mail.reply-to", "replies+{delivery}@office.example.org")));
        dispatcher = RunningDispatcher.start(settings, clock);
        http = dispatcher.http();
    }

    @AfterEach
    void shutDown() {
        dispatcher.close();
        mailbox.close();
    }

    private List<MimeMessage> digests() throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : dispatcher.mail().getReceivedMessages()) {
            if (m.getSubject().startsWith("【反馈摘要】")) {
                found.add(m);
            }
        }
        return found;
    }

    @Test
    void aReplyToABulletinEmailIsThatZonesFeedbackOnThatNoticeAndAStrangersMailIsKeptUnmatched() throws Exception {
        Http.Reply queued = http.postJson("/api/notices", """
                {"category": "reminder", "title": "请报送四季度用地计划", "author": "开发区处",
                 "audience": {"zones": ["dongzhou-port"]}, "body": "请于 12 月 10 日前报送。"}
                """);
        String notice = queued.json().get("id").asText();
        assertThat(http.post("/api/slots/friday-reminders/fire", "application/json", "")
                        .status())
                .isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> dispatcher.mail().getReceivedMessages().length == 1);
        MimeMessage bulletin = dispatcher.mail().getReceivedMessages()[0];
        String deliveryId = bulletin.getMessageID().replaceAll("^<|@.*$", "");
        assertThat(bulletin.getReplyTo()[0].toString()).isEqualTo("replies+" + deliveryId + "@office.example.org");

        MimeMessage reply = new MimeMessage(Session.getInstance(new Properties()));
        reply.setFrom(new InternetAddress("wang.haiyan@dongzhou-port.example.org", "王海燕", "UTF-8"));
        reply.setRecipient(Message.RecipientType.TO, new InternetAddress(MAILBOX));
        reply.setSubject("回复：" + bulletin.getSubject(), "UTF-8");
        reply.setHeader("In-Reply-To", bulletin.getMessageID());
        reply.setText("已收到，我区将于 12 月 8 日前报送。\n\n在 2026年11月20日 14:00，省商务厅开发区处 写道：\n> 请于 12 月 10 日前报送。\n", "UTF-8");
        reply.saveChanges();
        mailbox.deliver(reply);
        MimeMessage stranger = new MimeMessage(Session.getInstance(new Properties()));
        stranger.setFrom(new InternetAddress("someone@elsewhere.example.org"));
        stranger.setRecipient(Message.RecipientType.TO, new InternetAddress(MAILBOX));
        stranger.setSubject("咨询：明年的申报指南何时发布？", "UTF-8");
        stranger.setText("请问明年的申报指南何时发布？", "UTF-8");
        stranger.saveChanges();
        mailbox.deliver(stranger);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> http.get("/api/feedback").json().get("items").size() == 2);
        JsonNode matched = http.get("/api/feedback?matched=true").json().get("items");
        assertThat(matched).hasSize(1);
        assertThat(matched.get(0).get("zone").asText()).isEqualTo("dongzhou-port");
        assertThat(matched.get(0).get("zoneName").asText()).isEqualTo("东州临港产业园");
        assertThat(matched.get(0).get("notice").asText()).isEqualTo(notice);
        assertThat(matched.get(0).get("author").asText()).isEqualTo("wang.haiyan@dongzhou-port.example.org");
        assertThat(matched.get(0).get("body").asText())
                .as("without the quoted original")
                .isEqualTo("已收到，我区将于 12 月 8 日前报送。");
        assertThat(http.get("/api/feedback?notice=" + notice).json().get("items"))
                .hasSize(1);
        JsonNode unmatched = http.get("/api/feedback?matched=false").json().get("items");
        assertThat(unmatched).hasSize(1);
        assertThat(unmatched.get(0).get("zone").isNull()).isTrue();
        assertThat(unmatched.get(0).get("subject").asText()).isEqualTo("咨询：明年的申报指南何时发布？");

        // Both mails leave the inbox for the processed folder; the same reply read again is stored once.
        await().atMost(Duration.ofSeconds(10)).until(() -> mailbox.inbox() == 0);
        assertThat(mailbox.folder("processed")).isEqualTo(2);
        mailbox.deliver(reply);
        await().atMost(Duration.ofSeconds(10)).until(() -> mailbox.inbox() == 0);
        assertThat(http.get("/api/feedback").json().get("items")).hasSize(2);
        assertThat(http.get("/api/feedback?zone=atlantis").status()).isEqualTo(400);

        // Monday's summary of last week counts it.
        clock.set(LocalDateTime.of(2026, 11, 23, 9, 0));
        assertThat(http.post("/api/slots/monday-receipts/fire", "application/json", "")
                        .status())
                .isEqualTo(201);
        assertThat(http.get("/api/slots/monday-receipts/render?zone=dongzhou-port")
                        .body())
                .contains("收到开发区反馈：2 条，来自 1 个开发区");

        // The midweek run brings the staff a digest of what came in, once; the next one only what is new.
        clock.set(LocalDateTime.of(2026, 11, 24, 10, 0));
        assertThat(http.post("/api/slots/midweek-news/fire", "application/json", "")
                        .status())
                .isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> digests().size() == 1);
        MimeMessage digest = digests().get(0);
        assertThat(digest.getSubject()).isEqualTo("【反馈摘要】省商务厅开发区处 收到 2 条开发区反馈");
        String digestText =
                (String) ((MimeMultipart) digest.getContent()).getBodyPart(0).getContent();
        assertThat(digestText)
                .contains("其中 1 条无法对应到开发区")
                .contains("【东州临港产业园】关于《请报送四季度用地计划》 wang.haiyan@dongzhou-port.example.org")
                .contains("已收到，我区将于 12 月 8 日前报送。")
                .contains("【（无法对应到开发区）】");
        clock.set(LocalDateTime.of(2026, 11, 25, 10, 0));
        assertThat(http.post("/api/slots/midweek-news/fire", "application/json", "")
                        .status())
                .isEqualTo(201);
        dispatcher.bean("staffReports", StaffReports.class).sendPending();
        assertThat(digests()).as("nothing new, no digest").hasSize(1);
    }
}
