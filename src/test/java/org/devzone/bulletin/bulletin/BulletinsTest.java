package org.devzone.bulletin.bulletin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.devzone.bulletin.App;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Office;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bulletins as staff see them: what a slot took, which zone gets which notices, once per occurrence. */
class BulletinsTest {

    private final TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 20, 8, 0));
    private RunningDispatcher dispatcher;
    private Http http;

    @BeforeEach
    void boot() {
        // The schedule's own trigger and the urgent sweep stay out of the way; the tests fire by hand.
        dispatcher = RunningDispatcher.start(RunningDispatcher.byHand(Map.of()), clock);
        http = dispatcher.http();
    }

    @AfterEach
    void shutDown() {
        dispatcher.close();
    }

    @Test
    void firingASlotTakesItsNoticesAndGivesEachZoneOnlyWhatIsAddressedToIt() {
        String document = queue("document", "关于报送年度考核材料的通知", "{\"tags\": [\"key-zone\"]}", null);
        String reminder = queue("reminder", "下周一前报送统计月报", "{\"all\": true}", null);
        String news = queue("case", "不属于周五的案例", "{\"all\": true}", null);

        Http.Reply fired = http.post("/api/slots/friday-reminders/fire?date=2026-11-20", "application/json", "");

        assertThat(fired.status()).as(fired.body()).isEqualTo(201);
        JsonNode bulletin = fired.json();
        assertThat(fired.header("Location"))
                .isEqualTo("/api/bulletins/" + bulletin.get("id").asText());
        assertThat(bulletin.get("slot").asText()).isEqualTo("friday-reminders");
        assertThat(bulletin.get("date").asText()).isEqualTo("2026-11-20");
        assertThat(bulletin.get("status").asText()).isEqualTo("published");
        assertThat(bulletin.get("firedBy").asText()).isEqualTo("manual");
        assertThat(bulletin.get("notices").findValuesAsText("id")).containsExactly(document, reminder);
        assertThat(bulletin.get("editionCount").asInt()).isEqualTo(20);
        assertThat(bulletin.has("editions"))
                .as("the fire answers counts, not every zone's edition")
                .isFalse();
        bulletin = http.get(fired.header("Location")).json();
        assertThat(bulletin.get("editions")).hasSize(20);
        JsonNode keyZone = edition(bulletin, "dongzhou-etdz");
        JsonNode other = edition(bulletin, "dongzhou-port");
        assertThat(keyZone.get("zoneName").asText()).isEqualTo("东州经济技术开发区");
        assertThat(keyZone.get("notices").toString()).isEqualTo("[\"" + document + "\",\"" + reminder + "\"]");
        assertThat(other.get("notices").toString()).isEqualTo("[\"" + reminder + "\"]");

        assertThat(status(document)).isEqualTo("sent");
        assertThat(status(news)).isEqualTo("queued");
        assertThat(http.delete("/api/notices/" + document).status()).isEqualTo(409);
    }

    @Test
    void theSameOccurrenceFiredTwiceIsOneBulletin() {
        queue("reminder", "只发一次的提醒", "{\"all\": true}", null);

        Http.Reply first = http.post("/api/slots/friday-reminders/fire", "application/json", "");
        queue("reminder", "第二次触发之前排入的提醒", "{\"all\": true}", null);
        Http.Reply second = http.post("/api/slots/friday-reminders/fire", "application/json", "");

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("id").asText())
                .isEqualTo(first.json().get("id").asText());
        assertThat(second.json().get("noticeCount").asInt()).isEqualTo(1);
        assertThat(http.get("/api/bulletins").json().get("items")).hasSize(1);
    }

    @Test
    void aBulletinTakesUpToMaxItemsUrgentFirstThenOldestAndLeavesTheRestQueued() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            clock.set(LocalDateTime.of(2026, 11, 16, 8, 0).plusMinutes(i));
            ids.add(queue("information", "信息 " + i, "{\"all\": true}", null));
        }
        String later = queue("media", "下周才能发的报道", "{\"all\": true}", "\"notBefore\": \"2026-11-25\"");
        String urgent = queue("case", "紧急案例", "{\"all\": true}", "\"priority\": \"urgent\"");
        clock.set(LocalDateTime.of(2026, 11, 17, 10, 0));

        JsonNode bulletin = http.post("/api/slots/midweek-news/fire", "application/json", "")
                .json();

        List<String> taken = bulletin.get("notices").findValuesAsText("id");
        assertThat(taken)
                .hasSize(20)
                .startsWith(urgent, ids.get(0), ids.get(1))
                .doesNotContain(later, ids.get(19), ids.get(20));
        assertThat(status(ids.get(20))).isEqualTo("queued");
        assertThat(status(later)).isEqualTo("queued");
    }

    @Test
    void aSlotCannotBeFiredOnADayItDoesNotFireAndUnknownSlotsAre404() {
        Http.Reply wrongDay = http.post("/api/slots/friday-reminders/fire?date=2026-11-18", "application/json", "");
        assertThat(wrongDay.status()).isEqualTo(400);
        assertThat(wrongDay.json().get("errors").get(0).get("message").asText())
                .isEqualTo("friday-reminders 在 2026-11-18 不发送；下一次是 2026-11-20 15:00");

        Http.Reply unknown = http.post("/api/slots/sunday-digest/fire", "application/json", "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asText()).contains("monday-receipts");
        assertThat(http.get("/api/bulletins/nope").status()).isEqualTo(404);
    }

    @Test
    void urgentNoticesLeaveOnTheirOwnWithinSeconds() {
        dispatcher.close();
        dispatcher = RunningDispatcher.start(Map.of("dispatcher.cadence.enabled", "false"), clock);
        http = dispatcher.http();

        String urgent = queue(
                "reminder",
                "紧急：明天上午的视频会议改期",
                "{\"zones\": [\"xiling-etdz\", \"beiyuan-etdz\"]}",
                "\"priority\": \"urgent\"");

        await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(status(urgent)));
        JsonNode bulletin = http.get("/api/bulletins").json().get("items").get(0);
        assertThat(bulletin.get("kind").asText()).isEqualTo("urgent");
        assertThat(bulletin.get("noticeCount").asInt()).isEqualTo(1);
        assertThat(bulletin.get("editionCount").asInt()).isEqualTo(2);
        // Its mail is named by the notice and the day it went out, not by a weekly slot.
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        !dispatcher.mailTo("wu.jing@xiling-etdz.example.org").isEmpty());
        MimeMessage mail = dispatcher.mailTo("wu.jing@xiling-etdz.example.org").get(0);
        assertThat(subject(mail)).isEqualTo("【急】【省商务厅开发区处】紧急：明天上午的视频会议改期（2026-11-20）");
        assertThat(body(mail)).doesNotContain("周五工作提醒").contains("以下为紧急通知");
    }

    @Test
    void sectionsComeInOneOrderForEveryZoneAndItemsAreNumberedAsRead() {
        queue("document", "甲文件", "{\"tags\": [\"key-zone\"]}", null);
        queue("reminder", "乙提醒", "{\"all\": true}", null);
        queue("document", "丙文件", "{\"all\": true}", null);

        String keyZone = http.get("/api/slots/friday-reminders/render?zone=dongzhou-etdz&date=2026-11-20")
                .body();
        String other = http.get("/api/slots/friday-reminders/render?zone=dongzhou-port&date=2026-11-20&form=chat.txt")
                .body();

        assertThat(keyZone).containsSubsequence("【重要文件】\n1. 甲文件", "\n2. 丙文件", "【工作提醒】\n3. 乙提醒");
        assertThat(other)
                .containsSubsequence("【重要文件】\n1. 丙文件", "【工作提醒】\n2. 乙提醒")
                .doesNotContain("\n3. ");
    }

    @Test
    void plainTextChannelsReadMarkdownAsText() {
        queue(
                "reminder",
                "报送提醒",
                "{\"all\": true}",
                "\"body\": \"请于 **12 月 4 日** 前报送，详见 [通知](https://example.org/n)：\\n\\n- 用地计划\\n- *统计月报*\"");

        String qq = http.get("/api/slots/friday-reminders/render?zone=dongzhou-port&date=2026-11-20&form=chat.txt")
                .body();

        assertThat(qq)
                .contains("请于 12 月 4 日 前报送，详见 \"通知\" (https://example.org/n)：\n\n- 用地计划\n- 统计月报")
                .doesNotContain("**")
                .doesNotContain("](");
        assertThat(http.get("/api/slots/friday-reminders/render?zone=dongzhou-port&date=2026-11-20&form=chat.md")
                        .body())
                .as("Markdown channels keep the Markdown")
                .contains("**12 月 4 日**");
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(MimeMessage mail) {
        try {
            Object part = mail.getContent();
            while (part instanceof MimeMultipart multipart) {
                part = multipart.getBodyPart(0).getContent();
            }
            return (String) part;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theFireCommandFiresThroughTheRunningDispatcherOnce() {
        queue("reminder", "命令行触发的提醒", "{\"all\": true}", null);
        String url = "http://127.0.0.1:" + dispatcher.http().port();

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = App.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

        assertThat(cli.execute("fire", "friday-reminders", "--url", url)).isZero();
        assertThat(cli.execute("fire", "friday-reminders", "--date", "2026-11-20", "--url", url))
                .isZero();
        assertThat(cli.execute("fire", "friday-reminders", "--date", "2026-11-19", "--url", url))
                .isEqualTo(1);

        assertThat(out.toString())
                .startsWith("Fired bulletin ")
                .contains("friday-reminders on 2026-11-20, 1 notice(s) in 20 edition(s), published")
                .contains("Already fired, bulletin ");
        assertThat(err.toString()).contains("date: friday-reminders 在 2026-11-19 不发送；下一次是 2026-11-20 15:00");
    }

    @Test
    void renderShowsAZonesEditionWithoutSendingAndAfterwardsWhatWasSent() {
        String document = queue(
                "document",
                "关于报送年度考核材料的通知",
                "{\"tags\": [\"key-zone\"]}",
                "\"receiptDeadline\": \"2026-12-04\", \"body\": \"请于 **12 月 4 日** 前报送。\"");
        queue("reminder", "下周一前报送统计月报", "{\"all\": true}", null);

        Http.Reply preview = http.get("/api/slots/friday-reminders/render?zone=dongzhou-etdz&date=2026-11-20");

        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(preview.body())
                .startsWith("主题：【省商务厅开发区处】周五工作提醒与重要文件（2026-11-20）\n（预览：尚未发送）\n\n东州经济技术开发区：")
                // Plain text reads as text: the Markdown's emphasis marks are gone.
                .contains("【重要文件】\n1. 关于报送年度考核材料的通知（需签收，截止 2026-12-04）\n请于 12 月 4 日 前报送。")
                .contains("【工作提醒】\n2. 下周一前报送统计月报");
        // The other forms, from the same templates the deliveries use.
        Http.Reply html =
                http.get("/api/slots/friday-reminders/render?zone=dongzhou-etdz&date=2026-11-20&form=email.html");
        assertThat(html.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(html.body()).contains("<strong>12 月 4 日</strong>").contains("东州经济技术开发区");
        assertThat(http.get("/api/slots/friday-reminders/render?zone=dongzhou-etdz&date=2026-11-20&form=chat.md")
                        .body())
                .contains("**关于报送年度考核材料的通知**");
        Http.Reply wrongForm = http.get("/api/slots/friday-reminders/render?zone=dongzhou-etdz&form=pdf");
        assertThat(wrongForm.status()).isEqualTo(400);
        assertThat(wrongForm.body()).contains("未知的形式 'pdf'");
        assertThat(http.get("/api/slots/friday-reminders/render?zone=dongzhou-port")
                        .body())
                .doesNotContain("考核材料")
                .contains("下周一前报送统计月报");
        assertThat(status(document)).as("nothing was sent").isEqualTo("queued");

        http.post("/api/slots/friday-reminders/fire", "application/json", "");
        StringWriter out = new StringWriter();
        picocli.CommandLine cli = App.commandLine().setOut(new PrintWriter(out));
        assertThat(cli.execute(
                        "render",
                        "friday-reminders",
                        "--zone",
                        "dongzhou-etdz",
                        "--url",
                        "http://127.0.0.1:" + http.port()))
                .isZero();
        assertThat(out.toString()).contains("（已发送，公报 ").contains("关于报送年度考核材料的通知");

        assertThat(http.get("/api/slots/friday-reminders/render").status()).isEqualTo(400);
        assertThat(http.get("/api/slots/friday-reminders/render?zone=atlantis").status())
                .isEqualTo(404);

        // On a Wednesday, as the README's tour does it: without a date, the slot's next occurrence.
        clock.set(LocalDateTime.of(2026, 11, 25, 11, 0));
        Http.Reply next = http.get("/api/slots/friday-reminders/render?zone=dongzhou-etdz");
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        assertThat(next.body()).startsWith("主题：【省商务厅开发区处】周五工作提醒与重要文件（2026-11-27）\n（预览：尚未发送）");
    }

    private String queue(String category, String title, String audience, String extra) {
        return new Office(http).queue(category, title, audience, extra);
    }

    private String status(String noticeId) {
        return http.get("/api/notices/" + noticeId).json().get("status").asText();
    }

    private static JsonNode edition(JsonNode bulletin, String zone) {
        for (JsonNode edition : bulletin.get("editions")) {
            if (edition.get("zone").asText().equals(zone)) {
                return edition;
            }
        }
        throw new AssertionError("no edition for " + zone);
    }
}
