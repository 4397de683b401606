package org.devzone.bulletin.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.devzone.bulletin.bulletin.Bulletin;
import org.devzone.bulletin.bulletin.Cadence;
import org.devzone.bulletin.bulletin.ReceiptReminders;
import org.devzone.bulletin.platform.FailureLimiter;
import org.devzone.bulletin.report.StaffReports;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Mails;
import org.devzone.bulletin.testing.Office;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 公文签收 from the zone's side (the link in its mail) and the office's (who has signed, who still owes). */
class ReceiptsTest {

    private static final Pattern LINK = Pattern.compile("确认签收：(http://localhost:\\d+(/r/[A-Za-z0-9_.-]+))");

    private final TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 20, 14, 0));
    private RunningDispatcher dispatcher;
    private Http http;

    @BeforeEach
    void boot() {
        Map<String, String> settings = new HashMap<>(database());
        settings.putAll(RunningDispatcher.byHand(Map.of(
                "dispatcher.receipts.secret",
                "a-receipt-secret-for-tests",
                "dispatcher.security.bad-token-limit",
                "10")));
        dispatcher = RunningDispatcher.start(settings, clock);
        http = dispatcher.http();
    }

    /** The embedded H2 database; {@link ReceiptsOnPostgresqlTest} runs the same on PostgreSQL. */
    Map<String, String> database() {
        return Map.of();
    }

    @AfterEach
    void shutDown() {
        dispatcher.close();
    }

    @Test
    void aZoneSignsFromItsMailOnceAndMondayListsExactlyTheZonesThatDidNot() throws Exception {
        String notice = queueDocument();
        fire("friday-reminders");
        String portLink = linkIn(mailTo("wang.haiyan@dongzhou-port.example.org"));
        String agriLink = linkIn(mailTo("ma.xiaodong@xiling-agri.example.org"));
        assertThat(portLink).isNotEqualTo(agriLink);

        // Opening the link only asks; a mail scanner following it signs nothing.
        Http.Reply page = http.get(portLink);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(page.body())
                .contains("确认签收")
                .contains("关于报送年度考核材料的通知")
                .contains("东州临港产业园")
                .contains("已收到上面这份公文")
                .doesNotContain("以下公文")
                .contains("<form method=\"post\">");
        assertThat(page.raw().headers().firstValue("Expires")).contains("0");
        assertThat(page.raw().headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(receipts(notice).get("signed").asInt()).isZero();

        Http.Reply signed = http.post(portLink, "application/x-www-form-urlencoded", "");
        assertThat(signed.status()).isEqualTo(200);
        assertThat(signed.body()).contains("签收成功").contains("2026-11-20 14:00");
        JsonNode status = receipts(notice);
        assertThat(status.get("signed").asInt()).isEqualTo(1);
        assertThat(status.get("pending").asInt()).isEqualTo(1);
        assertThat(zone(status, "dongzhou-port").get("signed").asBoolean()).isTrue();
        assertThat(zone(status, "dongzhou-port").get("signedAt").asText())
                .startsWith("2026-11-20T14:00")
                .endsWith("+08:00");
        // Reopened, the page shows the same office time as right after signing.
        assertThat(http.get(portLink).body()).contains("<dd>2026-11-20 14:00</dd>");
        assertThat(zone(status, "xiling-agri").get("signed").asBoolean()).isFalse();

        // Signing again keeps the first time.
        clock.set(LocalDateTime.of(2026, 11, 20, 16, 30));
        assertThat(http.post(portLink, "application/x-www-form-urlencoded", "").body())
                .contains("此前已于 2026-11-20 14:00 签收");
        assertThat(http.get(portLink).body()).contains("已签收").doesNotContain("<form");
        assertThat(zone(receipts(notice), "dongzhou-port").get("signedAt").asText())
                .startsWith("2026-11-20T14:00");

        JsonNode pending = http.get("/api/receipts?pending=true").json();
        assertThat(pending.get("items")).extracting(z -> z.get("zone").asText()).containsExactly("xiling-agri");
        assertThat(pending.get("items")
                        .get(0)
                        .get("documents")
                        .get(0)
                        .get("title")
                        .asText())
                .isEqualTo("关于报送年度考核材料的通知");

        // Monday: the zone that did not sign sees the document, with its link; the one that signed does not.
        clock.set(LocalDateTime.of(2026, 11, 23, 9, 0));
        fire("monday-receipts");
        String agriMonday =
                http.get("/api/slots/monday-receipts/render?zone=xiling-agri").body();
        assertThat(agriMonday).contains("贵单位尚有以下公文未签收：\n- 关于报送年度考核材料的通知（截止 2026-12-04）\n  确认签收：http://localhost:");
        assertThat(http.get("/api/slots/monday-receipts/render?zone=dongzhou-port")
                        .body())
                .contains("【公文签收情况】\n目前没有待签收的公文。")
                .doesNotContain("考核材料");
        assertThat(http.get("/api/slots/monday-receipts/render?zone=xiling-agri&form=chat.md")
                        .body())
                .contains("- 关于报送年度考核材料的通知（截止 2026-12-04） [确认签收](http://localhost:");

        // The staff's own report: the whole matrix, the zone that has not signed first; once.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !mailsTo("li.hua@devzone-office.example.org").isEmpty());
        MimeMessage report = mailsTo("li.hua@devzone-office.example.org").get(0);
        assertThat(report.getSubject()).isEqualTo("【签收情况】省商务厅开发区处 2026-11-23");
        assertThat(report.getMessageID()).as("under the sender's domain").endsWith("@devzone-office.example.org>");
        var parts = (MimeMultipart) report.getContent();
        String reportText = (String) parts.getBodyPart(0).getContent();
        String reportHtml = (String) parts.getBodyPart(1).getContent();
        assertThat(reportText)
                .contains("《关于报送年度考核材料的通知》截止 2026-12-04，已签收 1/2")
                .contains("西岭现代农业产业园：未签收 1 份")
                .doesNotContain("东州临港产业园：未签收");
        assertThat(reportHtml.indexOf("西岭现代农业产业园")).isLessThan(reportHtml.indexOf("东州临港产业园"));
        assertThat(reportHtml).contains("已签 1/2").contains("已签收 11-20");
        dispatcher.bean("staffReports", StaffReports.class).sendPending();
        assertThat(mailsTo("li.hua@devzone-office.example.org")).hasSize(1);
        assertThat(mailsTo("zhao.min@devzone-office.example.org"))
                .as("reports: false")
                .isEmpty();

        // Long after: the link has expired and says so, changing nothing.
        clock.set(LocalDateTime.of(2027, 1, 21, 9, 0));
        Http.Reply expired = http.post(agriLink, "application/x-www-form-urlencoded", "");
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.body()).contains("链接已过期");
        assertThat(zone(receipts(notice), "xiling-agri").get("signed").asBoolean())
                .isFalse();
    }

    @Test
    void theReminderGoesOnceOnTheWorkingDayBeforeTheDeadlineAndOnlyToZonesThatHaveNotSigned() throws Exception {
        String notice = queueDocument(); // deadline Friday 2026-12-04
        fire("friday-reminders");
        http.post(linkIn(mailTo("wang.haiyan@dongzhou-port.example.org")), "application/x-www-form-urlencoded", "");
        linkIn(mailTo("ma.xiaodong@xiling-agri.example.org"));
        ReceiptReminders reminders = dispatcher.bean("receiptReminders", ReceiptReminders.class);

        clock.set(LocalDateTime.of(2026, 12, 2, 10, 0));
        assertThat(reminders.run()).as("Wednesday: too early").isEmpty();
        clock.set(LocalDateTime.of(2026, 12, 3, 8, 59));
        assertThat(reminders.run()).as("Thursday before 09:00").isEmpty();
        clock.set(LocalDateTime.of(2026, 12, 3, 9, 0));
        List<Bulletin> fired = reminders.run();

        assertThat(fired).hasSize(1);
        JsonNode reminder = http.get("/api/bulletins/" + fired.get(0).id()).json();
        assertThat(reminder.get("kind").asText()).isEqualTo("reminder");
        assertThat(reminder.get("editions"))
                .extracting(e -> e.get("zone").asText())
                .containsExactly("xiling-agri");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> mailsTo("ma.xiaodong@xiling-agri.example.org").size() == 2);
        MimeMessage mail = mailsTo("ma.xiaodong@xiling-agri.example.org").get(1);
        assertThat(mail.getSubject()).isEqualTo("【签收提醒】关于报送年度考核材料的通知（请于 2026-12-04 前签收）");
        assertThat(linkIn(mail)).startsWith("/r/");
        assertThat(reminders.run()).as("once").isEmpty();
        clock.set(LocalDateTime.of(2026, 12, 4, 9, 0));
        assertThat(reminders.run()).as("once, also the next day").isEmpty();
        // The reminder is not a second delivery of the notice: each zone still owes or signed once.
        assertThat(receipts(notice).get("zones")).hasSize(2);
        assertThat(receipts(notice).get("pending").asInt()).isEqualTo(1);
    }

    @Test
    void aDocumentThatArrivedOnTheReminderDayIsNotRemindedOf() throws Exception {
        // Wednesday evening an urgent document due the next working day reaches the zones.
        clock.set(LocalDateTime.of(2026, 12, 2, 17, 49));
        Http.Reply reply = http.postJson("/api/notices", """
                {"category": "document", "title": "关于明日报送安全生产检查情况的紧急通知", "author": "开发区处", "priority": "urgent",
                 "audience": {"zones": ["dongzhou-port"]}, "receiptDeadline": "2026-12-03"}
                """);
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        dispatcher.bean("cadence", Cadence.class).sweepUrgent();
        linkIn(mailTo("wang.haiyan@dongzhou-port.example.org"));
        ReceiptReminders reminders = dispatcher.bean("receiptReminders", ReceiptReminders.class);

        clock.set(LocalDateTime.of(2026, 12, 2, 17, 50));
        assertThat(reminders.run()).as("a minute after it arrived").isEmpty();
        clock.set(LocalDateTime.of(2026, 12, 3, 9, 0));
        assertThat(reminders.run()).as("on the deadline").isEmpty();
        assertThat(mailsTo("wang.haiyan@dongzhou-port.example.org")).hasSize(1);
    }

    @Test
    void aMondayEditionSentEarlyCallsOverdueOnlyWhatIsOverdueWhenItIsSent() throws Exception {
        queueDocument(); // deadline Friday 2026-12-04
        fire("friday-reminders");
        linkIn(mailTo("wang.haiyan@dongzhou-port.example.org"));

        // Fired by hand on Wednesday 12-02 for the occurrence of Monday 12-07.
        clock.set(LocalDateTime.of(2026, 12, 2, 10, 0));
        assertThat(http.post("/api/slots/monday-receipts/fire?date=2026-12-07", "application/json", "")
                        .status())
                .isEqualTo(201);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> mailsTo("wang.haiyan@dongzhou-port.example.org").size() == 2);
        String monday = text(mailsTo("wang.haiyan@dongzhou-port.example.org").get(1));
        assertThat(monday).contains("- 关于报送年度考核材料的通知（截止 2026-12-04）\n").doesNotContain("已逾期");
    }

    /** Whoever may preview an edition (any staff token) must not be able to sign for its zone with the preview's links. */
    @Test
    void aPreviewsReceiptLinksShowThePageMarkedPreviewAndSignNothing() throws Exception {
        String notice = queueDocument();
        String preview = http.get("/api/slots/friday-reminders/render?zone=dongzhou-port")
                .body();
        String previewLink = linkIn(preview);
        Http.Reply page = http.get(previewLink);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("预览").contains("不能签收").doesNotContain("<form");
        Http.Reply signed = http.post(previewLink, "application/x-www-form-urlencoded", "");
        assertThat(signed.status()).isEqualTo(403);
        assertThat(signed.body()).contains("不能签收");

        fire("friday-reminders");
        // After the sending, a preview of the same edition still carries no key; the mail's link signs.
        String afterwards = linkIn(http.get("/api/slots/friday-reminders/render?zone=dongzhou-port")
                .body());
        assertThat(http.post(afterwards, "application/x-www-form-urlencoded", "")
                        .status())
                .isEqualTo(403);
        assertThat(receipts(notice).get("signed").asInt())
                .as("nothing signed from a preview")
                .isZero();
        String mailed = linkIn(mailTo("wang.haiyan@dongzhou-port.example.org"));
        assertThat(mailed).isNotEqualTo(afterwards);
        assertThat(http.post(mailed, "application/x-www-form-urlencoded", "").body())
                .contains("签收成功");
        // A token of a length Base64 cannot have is refused like any other bad link, not a 500.
        Http.Reply odd = http.get("/r/" + "A".repeat(9) + "." + "B".repeat(43));
        assertThat(odd.status()).isEqualTo(400);
        assertThat(odd.body()).contains("链接无效");
    }

    @Test
    void forgedAlteredAndCrossZoneLinksAreRefusedAndSignNothing() throws Exception {
        String notice = queueDocument();
        fire("friday-reminders");
        String link = linkIn(mailTo("wang.haiyan@dongzhou-port.example.org"));
        String token = link.substring("/r/".length());
        String payload = token.substring(0, token.indexOf('.'));
        String mac = token.substring(token.indexOf('.') + 1);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String claim = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);

        List<String> forged = List.of(
                // the same signature on another zone's claim
                b64.encodeToString(claim.replace("dongzhou-port", "xiling-agri").getBytes()) + "." + mac,
                // a later expiry
                b64.encodeToString(claim.replaceAll("\\.\\d+$", ".4102444800").getBytes()) + "." + mac,
                // signed with another key
                new ReceiptTokens("another-secret-of-16+".getBytes())
                        .issue(notice, "dongzhou-port", Instant.parse("2027-01-01T00:00:00Z")),
                token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A"),
                "not-a-token",
                payload);
        for (String bad : forged) {
            Http.Reply reply = http.post("/r/" + bad, "application/x-www-form-urlencoded", "");
            assertThat(reply.status()).as(bad).isEqualTo(400);
            assertThat(reply.body()).contains("链接无效");
        }
        // A genuine token for a zone the notice never reached.
        String stranger = new ReceiptTokens("a-receipt-secret-for-tests".getBytes())
                .issue(notice, "qinglan-intl", Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(http.post("/r/" + stranger, "application/x-www-form-urlencoded", "")
                        .status())
                .isEqualTo(404);
        assertThat(receipts(notice).get("signed").asInt())
                .as("nothing was signed")
                .isZero();

        // Thousands of alterations of a genuine token, one character each: none is accepted.
        ReceiptTokens tokens = new ReceiptTokens("a-receipt-secret-for-tests".getBytes());
        Random random = new Random(5);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int tried = 0;
        for (int i = 0; i < 5000; i++) {
            char[] chars = token.toCharArray();
            int at = random.nextInt(chars.length);
            char replacement = alphabet.charAt(random.nextInt(alphabet.length()));
            if (chars[at] == '.' || chars[at] == replacement) {
                continue;
            }
            chars[at] = replacement;
            String altered = new String(chars);
            assertThat(tokens.check(altered, clock.instant())).as(altered).isInstanceOf(ReceiptTokens.Invalid.class);
            tried++;
        }
        assertThat(tried).isGreaterThan(4000);
    }

    @Test
    void aClientThatKeepsPresentingBadLinksIsRefusedForAWhileWhateverItPresents() throws Exception {
        String notice = queueDocument();
        fire("friday-reminders");
        String genuine = linkIn(mailTo("wang.haiyan@dongzhou-port.example.org"));

        for (int i = 0; i < 10; i++) {
            assertThat(http.get("/r/guess" + i + "." + "A".repeat(43)).status()).isEqualTo(400);
        }
        Http.Reply refused = http.post(genuine, "application/x-www-form-urlencoded", "");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).contains("尝试次数过多");
        assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(http.get("/api/notices/" + notice + "/receipts").status())
                .as("the whole address waits")
                .isEqualTo(429);
        try (var c = dispatcher.bean("dataSource", DataSource.class).getConnection();
                var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM receipt")) {
            rs.next();
            assertThat(rs.getInt(1)).as("nothing signed").isZero();
        }
        // Counted against the client's own address.
        assertThat(dispatcher.bean("failureLimiter", FailureLimiter.class).blockedFor("127.0.0.1"))
                .isPositive();
    }

    private String queueDocument() {
        return new Office(http).queue("""
                {"category": "document", "title": "关于报送年度考核材料的通知", "author": "开发区处",
                 "audience": {"zones": ["dongzhou-port", "xiling-agri"]}, "receiptDeadline": "2026-12-04",
                 "body": "请于 **12 月 4 日** 前报送。"}
                """);
    }

    private void fire(String slot) {
        new Office(http).fire(slot);
    }

    private MimeMessage mailTo(String address) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !dispatcher.mailTo(address).isEmpty());
        return dispatcher.mailTo(address).get(0);
    }

    private List<MimeMessage> mailsTo(String address) {
        return dispatcher.mailTo(address);
    }

    /** The receipt link's path, from the mail's plain text. */
    private static String linkIn(String text) {
        Matcher link = LINK.matcher(text);
        assertThat(link.find()).as(text).isTrue();
        return link.group(2);
    }

    private static String text(MimeMessage message) throws Exception {
        return Mails.text(message);
    }

    private static String linkIn(MimeMessage message) throws Exception {
        String text = Mails.text(message);
        String html = Mails.html(message);
        Matcher link = LINK.matcher(text);
        assertThat(link.find()).as(text).isTrue();
        assertThat(html).contains("href=\"" + link.group(1) + "\"").contains("确认签收");
        return link.group(2);
    }

    private JsonNode receipts(String notice) {
        Http.Reply reply = http.get("/api/notices/" + notice + "/receipts");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static JsonNode zone(JsonNode status, String zone) {
        for (JsonNode z : status.get("zones")) {
            if (z.get("zone").asText().equals(zone)) {
                return z;
            }
        }
        throw new AssertionError("no row for " + zone + " in " + status);
    }
}
