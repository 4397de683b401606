package org.devzone.bulletin.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.devzone.bulletin.testing.Browser;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Office;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.junit.jupiter.api.Test;

/** 预览 on the desk: what one zone will get from an occurrence, in each channel's form, and that nothing signs. */
class DeskPreviewTest {

    private final TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 19, 10, 0));

    @Test
    void staffSeeWhatAZoneWillGetOnFridayByMailAndInItsGroupAndNothingSignsFromIt() throws Exception {
        try (RunningDispatcher dispatcher = RunningDispatcher.start(RunningDispatcher.byHand(Map.of()), clock);
                Browser browser = Browser.start()) {
            Http api = dispatcher.http();
            new Office(api)
                    .queue(
                            "document",
                            "关于报送年度考核材料的通知",
                            "{\"zones\": [\"dongzhou-etdz\"]}",
                            "\"receiptDeadline\": \"2026-12-04\"");
            Http staff = api.signedIn("dev-admin-token");

            Http.Reply chat = staff.get("/desk/preview?slot=friday-reminders&zone=dongzhou-etdz&form=chat.txt");
            assertThat(chat.status()).isEqualTo(200);
            assertThat(chat.body())
                    .contains("预览：尚未发送")
                    .contains("关于报送年度考核材料的通知")
                    .contains("确认签收：");
            // The receipt link in a preview only shows; it cannot sign.
            Matcher link = Pattern.compile("确认签收：http://localhost:\\d+(/r/[A-Za-z0-9_.-]+)")
                    .matcher(chat.body());
            assertThat(link.find()).isTrue();
            assertThat(api.as(null).get(link.group(1)).body()).contains("预览");
            assertThat(api.as(null)
                            .post(link.group(1), "application/x-www-form-urlencoded", "")
                            .status())
                    .isEqualTo(403);
            assertThat(api.get("/api/notices")
                            .json()
                            .get("items")
                            .get(0)
                            .get("status")
                            .asText())
                    .isEqualTo("queued");

            // A zone the notice is not for gets nothing from that Friday.
            assertThat(staff.get("/desk/preview?slot=friday-reminders&zone=dongzhou-port&form=chat.md")
                            .body())
                    .contains("该开发区不会收到这一期");
            assertThat(staff.get("/desk/preview?slot=friday-reminders&zone=nowhere")
                            .status())
                    .isEqualTo(404);

            // The mail, sandboxed: its own inline styles, no scripts.
            Http.Reply mail = staff.get("/desk/preview/mail?slot=friday-reminders&zone=dongzhou-etdz");
            assertThat(mail.header("Content-Security-Policy"))
                    .startsWith("sandbox;")
                    .doesNotContain("script");
            assertThat(mail.body()).contains("关于报送年度考核材料的通知");

            browser.open("http://127.0.0.1:" + api.port() + "/desk/preview");
            browser.type("#token", "dev-admin-token");
            browser.click("button[type=submit]");
            browser.select("#p-slot", "friday-reminders");
            browser.select("#p-zone", "dongzhou-etdz");
            browser.select("#p-form", "email.html");
            browser.click("#show");
            assertThat(browser.text("#subject")).contains("周五工作提醒与重要文件");
            Awaitility.await()
                    .ignoreExceptions()
                    .until(() -> browser.frameText("#mail").contains("关于报送年度考核材料的通知"));
            browser.screenshot("desk-preview");
        }
    }
}
