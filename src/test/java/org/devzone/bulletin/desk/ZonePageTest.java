package org.devzone.bulletin.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.devzone.bulletin.testing.Browser;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Mails;
import org.devzone.bulletin.testing.Office;
import org.devzone.bulletin.testing.Pages;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.junit.jupiter.api.Test;

/** A zone's own page, opened from its mail on a phone: its bulletins only, signing, answering. */
class ZonePageTest {

    private static final Pattern PAGE = Pattern.compile("本开发区的公报、待签收公文和反馈：http://localhost:\\d+(/z/[A-Za-z0-9_.-]+)");
    private static final String PORT_ZONE = "wang.haiyan@dongzhou-port.example.org";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 20, 15, 0));

    @Test
    void aZoneOpensItsPageFromItsMailOnAPhoneSignsAndAnswersAndSeesOnlyItsOwnNotices() throws Exception {
        try (RunningDispatcher dispatcher = RunningDispatcher.start(RunningDispatcher.byHand(Map.of()), clock);
                Browser browser = Browser.start()) {
            Http api = dispatcher.http();
            Office office = new Office(api);
            String document = office.queue(
                    "document",
                    "关于报送年度考核材料的通知",
                    "{\"zones\": [\"dongzhou-port\", \"xiling-agri\"]}",
                    "\"receiptDeadline\": \"2026-12-04\", \"body\": \"请报送**自评报告**。\"");
            office.queue("reminder", "西岭专项检查安排", "{\"zones\": [\"xiling-agri\"]}", null);
            office.fire("friday-reminders");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> dispatcher.mailTo(PORT_ZONE).size() == 1);
            String link = pageLink(dispatcher.mailTo(PORT_ZONE).get(0));

            browser.resize(375, 812);
            String base = "http://127.0.0.1:" + api.port();
            browser.open(base + link);
            assertThat(browser.title()).isEqualTo("东州临港产业园 · 省商务厅开发区处");
            assertThat(browser.text("#owed")).contains("关于报送年度考核材料的通知").contains("截止 2026-12-04");
            assertThat(browser.text("#bulletins"))
                    .contains("2026-11-20 · 周五工作提醒与重要文件")
                    .doesNotContain("西岭专项检查安排");
            // Nothing is wider than the phone: no sideways scrolling.
            assertThat(browser.all("body").get(0).getSize().getWidth()).isLessThanOrEqualTo(375);
            browser.screenshot("zone-page");

            browser.click("button.sign-here");
            assertThat(browser.text("#outcome")).contains("已签收");
            assertThat(browser.text("#nothing-owed")).isEqualTo("没有待签收的公文。");
            JsonNode receipts =
                    api.get("/api/notices/" + document + "/receipts").json();
            assertThat(receipts.toString()).contains("dongzhou-port");

            browser.select("#notice", document);
            browser.type("#text", "材料已于今天报送，请查收。");
            browser.type("#author", "王海燕");
            browser.click("#send-answer");
            assertThat(browser.text("#outcome")).isEqualTo("反馈已提交，谢谢。");
            JsonNode feedback =
                    api.get("/api/feedback?zone=dongzhou-port").json().get("items");
            assertThat(feedback).hasSize(1);
            assertThat(feedback.get(0).get("body").asText()).isEqualTo("材料已于今天报送，请查收。");
            assertThat(feedback.get(0).get("notice").asText()).isEqualTo(document);

            // The link is the key: a changed one opens nothing, and it does not sign receipts elsewhere.
            Http anonymous = api.as(null);
            String token = link.substring("/z/".length());
            String damaged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
            Http.Reply refused = anonymous.get("/z/" + damaged);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body()).contains("链接无效").doesNotContain("东州临港");
            assertThat(anonymous.post("/r/" + token, FORM, "").status()).isEqualTo(400);
            // Another zone's document cannot be signed through this zone's page.
            String xilingOnly = api.get("/api/notices?category=reminder")
                    .json()
                    .get("items")
                    .get(0)
                    .get("id")
                    .asText();
            Http.Reply foreign = anonymous.post(link + "/sign", FORM, "notice=" + xilingOnly);
            assertThat(foreign.status()).isEqualTo(404);
            // A form from another site is refused.
            assertThat(anonymous
                            .withHeader("Origin", "http://127.0.0.1:1")
                            .post(link + "/answer", FORM, "text=spam")
                            .status())
                    .isEqualTo(403);
            // The same answer form posted twice is stored once.
            String draft = Pages.field(anonymous.get(link).body(), "_draft");
            anonymous.post(link + "/answer", FORM, "text=%E5%A5%BD&_draft=" + draft);
            anonymous.post(link + "/answer", FORM, "text=%E5%A5%BD&_draft=" + draft);
            assertThat(api.get("/api/feedback?zone=dongzhou-port").json().get("items"))
                    .hasSize(2);
        }
    }

    private static String pageLink(MimeMessage mail) throws Exception {
        String text = Mails.text(mail);
        Matcher m = PAGE.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        assertThat(Mails.html(mail)).contains("本开发区的公报、待签收公文和反馈");
        return m.group(1);
    }
}
