package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.devzone.bulletin.App;
import org.devzone.bulletin.bulletin.Cadence;
import org.devzone.bulletin.testing.CuttableProxy;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Office;
import org.devzone.bulletin.testing.RefusingSmtpServer;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bulletins delivered by email to GreenMail's SMTP server: what arrived, how, and what the ledger says. */
class EmailDeliveryTest {

    /** Contacts in the demo directory: 20 zones, three of them with two. */
    private static final int ALL_CONTACTS = 23;

    private final TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 20, 14, 0));
    private RunningDispatcher dispatcher;
    private Http http;

    private void boot(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(RunningDispatcher.byHand(Map.of()));
        all.putAll(overrides);
        dispatcher = RunningDispatcher.start(all, clock);
        http = dispatcher.http();
    }

    @AfterEach
    void shutDown() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    @Test
    void eachContactGetsItsZonesEditionAsAProperMultipartMailInChinese() throws Exception {
        boot(Map.of());
        byte[] pdf = "%PDF-1.4 考核办法".getBytes(StandardCharsets.UTF_8);
        queue(
                "document",
                "关于报送年度考核材料的通知",
                "{\"tags\": [\"key-zone\"]}",
                "\"receiptDeadline\": \"2026-12-04\","
                        + " \"body\": \"请于 **12 月 4 日** 前报送。<script>alert(1)</script>\", \"attachments\": [{\"name\": \"考核办法.pdf\","
                        + " \"contentType\": \"application/pdf\", \"contentBase64\": \""
                        + Base64.getEncoder().encodeToString(pdf) + "\"}]");
        queue("reminder", "下周一前报送统计月报", "{\"all\": true}", null);

        String bulletin = fire("friday-reminders");

        GreenMail mail = dispatcher.mail();
        assertThat(mail.waitForIncomingEmail(20_000, ALL_CONTACTS)).isTrue();
        MimeMessage zhou = to("zhou.xiaoming@dongzhou-etdz.example.org").get(0);
        assertThat(zhou.getSubject()).isEqualTo("【省商务厅开发区处】周五工作提醒与重要文件（2026-11-20）");
        assertThat(zhou.getHeader("Subject")[0]).startsWith("=?UTF-8?B?");
        assertThat(zhou.getFrom()[0].toString()).contains("bulletin@devzone-office.example.org");
        assertThat(zhou.getContentType()).startsWith("multipart/mixed");
        MimeMultipart mixed = (MimeMultipart) zhou.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        MimeMultipart alternative = (MimeMultipart) mixed.getBodyPart(0).getContent();
        assertThat(alternative.getContentType()).startsWith("multipart/alternative");
        assertThat(alternative.getBodyPart(0).getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat(alternative.getBodyPart(1).getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
        String text = (String) alternative.getBodyPart(0).getContent();
        String html = (String) alternative.getBodyPart(1).getContent();
        assertThat(text)
                .startsWith("东州经济技术开发区：")
                .contains("【重要文件】\n1. 关于报送年度考核材料的通知（需签收，截止 2026-12-04）")
                .contains("【工作提醒】\n2. 下周一前报送统计月报")
                .contains("附件：考核办法.pdf");
        assertThat(html)
                .contains("东州经济技术开发区")
                .contains("<strong>12 月 4 日</strong>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>");
        BodyPart attachment = mixed.getBodyPart(1);
        assertThat(attachment.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(MimeUtility.decodeText(attachment.getFileName())).isEqualTo("考核办法.pdf");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        attachment.getInputStream().transferTo(bytes);
        assertThat(bytes.toByteArray()).isEqualTo(pdf);

        MimeMessage port = to("wang.haiyan@dongzhou-port.example.org").get(0);
        assertThat(((MimeMultipart) port.getContent()).getCount())
                .as("no document, no attachment")
                .isEqualTo(1);

        JsonNode ledger = deliveries(bulletin);
        assertThat(ledger).hasSize(ALL_CONTACTS);
        assertThat(ledger.findValuesAsText("status")).containsOnly("sent");
        JsonNode zhouRow = row(ledger, "zhou.xiaoming@dongzhou-etdz.example.org");
        assertThat(zhou.getMessageID())
                .isEqualTo("<" + zhouRow.get("id").asText() + "@bulletin-dispatcher>")
                .isEqualTo(zhouRow.get("providerMessageId").asText());
        assertThat(http.get("/api/bulletins/" + bulletin)
                        .json()
                        .get("deliveries")
                        .get("email")
                        .toString())
                .isEqualTo("{\"sent\":" + ALL_CONTACTS + "}");
    }

    @Test
    void aDeliveryIsSentOnceWhateverRepeatsItsQueueMessageOrRestarts() throws Exception {
        boot(Map.of("dispatcher.cadence.urgent-sweep-ms", "300"));
        queue("reminder", "只收一次的提醒", "{\"zones\": [\"xiling-etdz\", \"beiyuan-etdz\"]}", null);
        String bulletin = fire("friday-reminders");
        assertThat(dispatcher.mail().waitForIncomingEmail(10_000, 2)).isTrue();

        for (JsonNode row : deliveries(bulletin)) {
            dispatcher.sendText(
                    "bulletin.deliveries", DeliveryMessage.payload(row.get("id").asText()));
        }
        dispatcher.restart();
        http.post("/api/slots/friday-reminders/fire", "application/json", "");
        // A marker delivered after all of that proves the repeats were processed, not merely slow.
        queue("reminder", "标记", "{\"zones\": [\"yunhu-etdz\"]}", "\"priority\": \"urgent\"");
        dispatcher.restart();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> to("song.tao@yunhu-etdz.example.org").size() == 1);

        assertThat(to("wu.jing@xiling-etdz.example.org")).hasSize(1);
        assertThat(to("luo.bin@beiyuan-etdz.example.org")).hasSize(1);
        assertThat(deliveries(bulletin).findValuesAsText("attempts")).containsOnly("1");
    }

    @Test
    void whenTheMailServerIsDownDeliveriesRetryAndAllArriveOnceItIsBack() throws Exception {
        boot(Map.of());
        queue("reminder", "服务器恢复后送达的提醒", "{\"cities\": [\"云湖市\"]}", null);
        dispatcher.mail().stop();

        String bulletin = fire("friday-reminders");

        await().atMost(Duration.ofSeconds(15))
                .until(() -> deliveries(bulletin).findValuesAsText("status").contains("retrying"));
        assertThat(deliveries(bulletin).get(0).get("lastError").asText()).contains("cannot connect to the mail server");
        dispatcher.mail().start();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        deliveries(bulletin).findValuesAsText("status").stream().allMatch("sent"::equals));
        assertThat(dispatcher.mail().getReceivedMessages()).hasSize(3);
        assertThat(http.get("/api/deliveries?channel=email&status=dead").json().get("items"))
                .isEmpty();
    }

    @Test
    void aRecipientTheServerRefusesIsDeadAtOnceWithTheReason() throws Exception {
        try (RefusingSmtpServer refusing = new RefusingSmtpServer()) {
            boot(Map.of("dispatcher.mail.port", String.valueOf(refusing.port())));
            queue("reminder", "收件人不存在", "{\"zones\": [\"xiling-agri\"]}", null);

            String bulletin = fire("friday-reminders");

            await().atMost(Duration.ofSeconds(15))
                    .until(() -> deliveries(bulletin).findValuesAsText("status").contains("dead"));
            JsonNode dead = deliveries(bulletin).get(0);
            assertThat(dead.get("attempts").asInt())
                    .as("no retry of a permanent refusal")
                    .isEqualTo(1);
            assertThat(dead.get("lastError").asText())
                    .startsWith("the mail server refused the address ma.xiaodong@xiling-agri.example.org: 550")
                    .contains("User unknown");
            try (var connection = dispatcher.jms().createConnection()) {
                connection.start();
                var session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Message message = session.createConsumer(session.createQueue("bulletin.deliveries.dead"))
                        .receive(10_000);
                assertThat(message).isNotNull();
                assertThat(message.getStringProperty("deadReason")).contains("550");
            }
        }
    }

    @Test
    void inABatchARefusedAddressIsDeadAtOnceAndEveryOtherMailArrivesOnce() throws Exception {
        String refusedAddress = "wu.jing@xiling-etdz.example.org";
        try (RefusingSmtpServer server = new RefusingSmtpServer(refusedAddress::equals)) {
            // Batches of 5: the refused address sits inside one, with mails before and after it.
            boot(Map.of("dispatcher.mail.port", String.valueOf(server.port()), "dispatcher.delivery.email-batch", "5"));
            queue("reminder", "发给所有开发区的提醒", "{\"all\": true}", null);

            String bulletin = fire("friday-reminders");

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> server.delivered().size() == ALL_CONTACTS - 1
                            && deliveries(bulletin).findValuesAsText("status").contains("dead"));
            assertThat(server.delivered())
                    .as("every other address once")
                    .doesNotHaveDuplicates()
                    .doesNotContain(refusedAddress);
            JsonNode ledger = deliveries(bulletin);
            assertThat(row(ledger, refusedAddress).get("status").asText()).isEqualTo("dead");
            assertThat(row(ledger, refusedAddress).get("attempts").asInt()).isEqualTo(1);
            assertThat(ledger.findValuesAsText("status").stream().filter("sent"::equals))
                    .hasSize(ALL_CONTACTS - 1);
            assertThat(ledger.findValuesAsText("attempts")).containsOnly("1");
        }
    }

    /**
     * A mail that cannot be composed (an attachment stored with a content type Jakarta Mail refuses, as notices were
     * accepted before the type was checked) is that mail's own permanent failure: the mails after it in its batch go.
     */
    @Test
    void aMailThatCannotBeComposedIsDeadOnItsOwnAndTheRestOfItsBatchArrives() throws Exception {
        boot(Map.of("dispatcher.delivery.email-batch", "50"));
        String poisoned = http.postJson("/api/notices", """
                {"category": "document", "title": "带附件的文件", "audience": {"zones": ["dongzhou-etdz"]}, "author": "开发区处",
                 "attachments": [{"name": "a.txt", "contentType": "text/plain", "contentBase64": "5paH5Lu2"}]}
                """).json().get("id").asText();
        DataSource db = dispatcher.bean("dataSource", DataSource.class);
        try (var c = db.getConnection();
                var update = c.prepareStatement("UPDATE notice_attachment SET content_type = ? WHERE notice_id = ?")) {
            update.setString(1, "text/plain\r\n\r\n;x");
            update.setString(2, poisoned);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        queue("reminder", "发给所有开发区的提醒", "{\"all\": true}", null);

        String bulletin = fire("friday-reminders");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> deliveries(bulletin).findValuesAsText("status").stream()
                                .filter(s -> s.equals("sent") || s.equals("dead"))
                                .count()
                        == ALL_CONTACTS);
        JsonNode ledger = deliveries(bulletin);
        for (String address :
                List.of("zhou.xiaoming@dongzhou-etdz.example.org", "lin.fang@dongzhou-etdz.example.org")) {
            JsonNode dead = row(ledger, address);
            assertThat(dead.get("status").asText()).as(address).isEqualTo("dead");
            assertThat(dead.get("attempts").asInt()).isEqualTo(1);
            assertThat(dead.get("lastError").asText()).contains("could not be composed");
        }
        assertThat(ledger.findValuesAsText("status").stream().filter("sent"::equals))
                .hasSize(ALL_CONTACTS - 2);
        assertThat(dispatcher.mail().getReceivedMessages()).hasSize(ALL_CONTACTS - 2);
    }

    @Test
    void anUrgentNoticeGoesOutTheMomentItIsStoredWithoutWaitingForTheSweep() {
        boot(Map.of("dispatcher.cadence.urgent-at-once", "true")); // the sweep stays an hour away

        queue("reminder", "紧急：今日下午三点视频会议", "{\"zones\": [\"yunhu-etdz\"]}", "\"priority\": \"urgent\"");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> to("song.tao@yunhu-etdz.example.org").size() == 1);
    }

    @Test
    void aRedriveSendsWhatDiedAndNothingThatArrived() throws Exception {
        boot(Map.of("dispatcher.delivery.max-attempts", "2"));
        queue("reminder", "已送达的提醒", "{\"zones\": [\"xiling-etdz\"]}", null);
        String delivered = fire("friday-reminders");
        // Sent as the ledger knows it: the server has answered the whole SMTP transaction.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> deliveries(delivered).findValuesAsText("status").equals(List.of("sent")));
        dispatcher.mail().stop();
        queue("reminder", "服务器停机时的紧急提醒", "{\"zones\": [\"beiyuan-etdz\", \"yunhu-etdz\"]}", "\"priority\": \"urgent\"");
        dispatcher.bean("cadence", Cadence.class).sweepUrgent();
        await().atMost(Duration.ofSeconds(40))
                .until(() -> http.get("/api/deliveries?channel=email&status=dead")
                                .json()
                                .get("items")
                                .size()
                        == 2);
        JsonNode dead = http.get("/api/deliveries?channel=email&status=dead")
                .json()
                .get("items")
                .get(0);
        assertThat(dead.get("lastError").asText()).contains("(gave up after 2 attempts)");
        dispatcher.mail().start();

        StringWriter out = new StringWriter();
        picocli.CommandLine cli = App.commandLine().setOut(new PrintWriter(out));
        assertThat(cli.execute("redrive", "--channel", "email", "--url", "http://127.0.0.1:" + http.port()))
                .isZero();

        assertThat(out.toString()).isEqualTo("2 deliveries queued to be sent again\n");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> to("luo.bin@beiyuan-etdz.example.org").size() == 1
                        && to("song.tao@yunhu-etdz.example.org").size() == 1);
        assertThat(http.post("/api/deliveries/redrive?channel=email&bulletin=" + delivered, "application/json", "")
                        .json()
                        .get("redriven")
                        .asInt())
                .as("no mail of a delivered bulletin is sent again")
                .isZero();
        assertThat(to("wu.jing@xiling-etdz.example.org"))
                .as("not sent again (the restarted server's mailbox began empty)")
                .isEmpty();
        assertThat(http.post("/api/deliveries/redrive?status=sent", "application/json", "")
                        .status())
                .isEqualTo(400);
        // The filter in a JSON body counts as in the address; a body that cannot be read re-drives nothing.
        assertThat(http.postJson(
                                "/api/deliveries/redrive",
                                "{\"bulletin\": \"" + delivered + "\", \"channel\": \"email\"}")
                        .json()
                        .get("redriven")
                        .asInt())
                .isZero();
        Http.Reply unknownField = http.postJson("/api/deliveries/redrive", "{\"bulletinId\": \"" + delivered + "\"}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().get("errors").get(0).get("field").asText())
                .isEqualTo("bulletinId");
        assertThat(http.postJson("/api/deliveries/redrive?channel=qq", "{\"channel\": \"email\"}")
                        .status())
                .isEqualTo(400);
        assertThat(http.postJson("/api/deliveries/redrive", "channel=email").status())
                .isEqualTo(400);
    }

    @Test
    void aMessageOnTheDeliveriesQueueThatIsNotADeliveryGoesToTheDeadLetterQueue() throws Exception {
        boot(Map.of());

        dispatcher.sendText("bulletin.deliveries", "{\"hello\": 1}");

        try (var connection = dispatcher.jms().createConnection()) {
            connection.start();
            var session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message message = session.createConsumer(session.createQueue("bulletin.deliveries.dead"))
                    .receive(10_000);
            assertThat(message).isNotNull();
            assertThat(((TextMessage) message).getText()).isEqualTo("{\"hello\": 1}");
            assertThat(message.getStringProperty("deadReason"))
                    .startsWith("IllegalArgumentException: not a delivery message");
        }
    }

    @Test
    void manyMailsShareAFewSmtpConnections() throws Exception {
        GreenMail server = new GreenMail(new ServerSetup(RunningDispatcher.freePort(), "127.0.0.1", "smtp"));
        server.start();
        try (CuttableProxy proxy = new CuttableProxy(server.getSmtp().getPort())) {
            boot(Map.of("dispatcher.mail.port", String.valueOf(proxy.port()), "dispatcher.mail.connections", "2"));
            queue("reminder", "发给所有开发区的提醒", "{\"all\": true}", null);

            fire("friday-reminders");

            assertThat(server.waitForIncomingEmail(20_000, ALL_CONTACTS)).isTrue();
            assertThat(proxy.connections())
                    .as("%d mails over at most 2 SMTP connections", ALL_CONTACTS)
                    .isBetween(1, 2);
        } finally {
            server.stop();
        }
    }

    private String fire(String slot) {
        return new Office(http).fire(slot);
    }

    private void queue(String category, String title, String audience, String extra) {
        new Office(http).queue(category, title, audience, extra);
    }

    /** The bulletin's email deliveries (a demo zone also has a webhook, which has no secret in these tests). */
    private JsonNode deliveries(String bulletin) {
        return http.get("/api/deliveries?size=500&channel=email&bulletin=" + bulletin)
                .json()
                .get("items");
    }

    private static JsonNode row(JsonNode rows, String address) {
        for (JsonNode row : rows) {
            if (row.get("address").asText().equals(address)) {
                return row;
            }
        }
        throw new AssertionError("no delivery to " + address);
    }

    private List<MimeMessage> to(String address) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : dispatcher.mail().getReceivedMessages()) {
            Address[] recipients = m.getAllRecipients();
            if (recipients != null
                    && Arrays.stream(recipients).anyMatch(r -> r.toString().contains(address))) {
                found.add(m);
            }
        }
        return found;
    }
}
