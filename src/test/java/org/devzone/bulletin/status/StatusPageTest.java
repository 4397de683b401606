package org.devzone.bulletin.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.devzone.bulletin.testing.Browser;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Notices;
import org.devzone.bulletin.testing.Office;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/** The status page at /, as staff see it in a real (headless) Chromium. */
class StatusPageTest {

    private final TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 20, 14, 0));

    @Test
    void staffSignInAndSeeThisWeeksCadenceTheDeliveriesAndWhoOwesReceipts() throws Exception {
        try (RunningDispatcher dispatcher = RunningDispatcher.start(RunningDispatcher.byHand(Map.of()), clock);
                Browser browser = Browser.start()) {
            Http http = dispatcher.http();
            // Friday: two documents go out with the Friday bulletin, one of them due today and only for 西岭.
            queue(http, """
                    {"category": "document", "title": "关于报送季度统计数据的通知", "author": "开发区处",
                     "audience": {"zones": ["xiling-agri"]}, "receiptDeadline": "2026-11-20", "body": "今天报送。"}
                    """);
            queue(http, """
                    {"category": "document", "title": "关于报送年度考核材料的通知", "author": "开发区处",
                     "audience": {"zones": ["dongzhou-port", "xiling-agri"]}, "receiptDeadline": "2026-12-04",
                     "body": "请于 12 月 4 日前报送。"}
                    """);
            String friday = fire(http, "friday-reminders");
            // Monday: the receipt bulletin goes out; a case waits for midweek.
            clock.set(LocalDateTime.of(2026, 11, 23, 10, 0));
            queue(http, Notices.valid("南港高新区推行“一窗通办”"));
            String monday = fire(http, "monday-receipts");
            int fridayMails = emailsSent(http, friday);
            int mondayMails = emailsSent(http, monday);
            assertThat(fridayMails).isEqualTo(2);
            assertThat(mondayMails).isPositive();

            String home = "http://127.0.0.1:" + http.port() + "/";
            browser.open(home);
            assertThat(browser.title()).contains("登录");
            browser.type("#token", "not-a-token");
            browser.click("button[type=submit]");
            assertThat(browser.text("[role=alert]")).isEqualTo("令牌无效。");
            browser.type("#token", "dev-admin-token");
            browser.click("button[type=submit]");

            assertThat(browser.title()).isEqualTo("发送状态 · 省商务厅开发区处");
            // The calendar has no 2027 data yet, which the banner says; everything else is up.
            assertThat(browser.text("#problems"))
                    .contains("工作日历")
                    .contains("2027")
                    .doesNotContain("数据库")
                    .doesNotContain("消息队列");
            // This week: Monday went out, Tuesday to Friday are due.
            assertThat(browser.text("#week h2")).contains("2026-11-23 至 2026-11-29");
            List<WebElement> week = browser.all("tr.occurrence");
            assertThat(week)
                    .extracting(row -> row.getAttribute("data-state"))
                    .containsExactly("done", "due", "due", "due", "due");
            assertThat(week.get(0).getText())
                    .contains("11-23（周一）")
                    .contains("周一公文签收情况与上周工作小结")
                    .contains("已发出 11-23 10:00");
            assertThat(week.get(4).getText())
                    .contains("11-27（周五）")
                    .contains("15:00")
                    .contains("待发出");
            // The case waits for midweek; the documents were taken by Friday's bulletin.
            assertThat(browser.text("#queued")).contains("周中信息、案例与媒体报道 1").contains("周五工作提醒与重要文件 0");
            // The latest bulletins, newest first, with their email deliveries as the ledger counts them.
            List<WebElement> mondayRows = browser.all("tr.delivery-row[data-bulletin='" + monday + "']");
            assertThat(mondayRows)
                    .anySatisfy(row -> assertThat(row.getText()).contains("邮件 " + mondayMails + " 0 0 0"));
            List<WebElement> fridayRows = browser.all("tr.delivery-row[data-bulletin='" + friday + "']");
            assertThat(fridayRows).hasSize(1);
            assertThat(fridayRows.get(0).getText())
                    .contains("周五工作提醒与重要文件")
                    .contains("2026-11-20")
                    .contains("已发出")
                    .contains("邮件 2 0 0 0");
            // Receipts: 西岭 owes an overdue document and comes first, highlighted; 东州 owes one not yet due.
            List<WebElement> receipts = browser.all("tr.receipt-row");
            assertThat(receipts)
                    .extracting(row -> row.getAttribute("data-zone"))
                    .containsExactly("xiling-agri", "dongzhou-port");
            assertThat(receipts.get(0).getAttribute("class")).contains("overdue-zone");
            assertThat(receipts.get(0).getText()).contains("逾期").contains("未签收");
            assertThat(receipts.get(1).getAttribute("class")).doesNotContain("overdue-zone");
            assertThat(receipts.get(1).getText()).contains("未签收").doesNotContain("逾期");
            assertThat(browser.text("#receipts")).contains("1 个开发区有逾期未签收的公文");
            Path shot = browser.screenshot("status-page");
            assertThat(Files.size(shot)).isGreaterThan(10_000);

            // The week after National Day: Monday's bulletin moves to Thursday, Friday's to the make-up Saturday.
            clock.set(LocalDateTime.of(2026, 10, 8, 10, 0));
            browser.open(home);
            List<WebElement> holidayWeek = browser.all("tr.occurrence");
            assertThat(holidayWeek).hasSize(3);
            assertThat(holidayWeek.get(0).getText())
                    .contains("10-08（周四）")
                    .contains("因节假日调整")
                    .contains("10-05（周一）国庆节放假")
                    .contains("已到时间，尚未发出");
            assertThat(holidayWeek.get(0).getAttribute("data-state")).isEqualTo("late");
            assertThat(holidayWeek.get(2).getText()).contains("10-10（周六）").contains("10-10（周六）调休上班");
            browser.screenshot("status-page-holiday-week");

            // Signing out forgets the browser.
            browser.click("header button");
            assertThat(browser.title()).contains("登录");
            browser.open(home);
            assertThat(browser.title()).contains("登录");
        }
    }

    @Test
    void thePageNeedsAStaffTokenAndItsCookieOpensNothingUnderApi() {
        try (RunningDispatcher dispatcher = RunningDispatcher.start()) {
            Http anonymous = dispatcher.http().as(null);
            Http.Reply form = anonymous.get("/");
            assertThat(form.status()).isEqualTo(401);
            assertThat(form.contentType()).isEqualTo("text/html; charset=utf-8");
            assertThat(form.body())
                    .contains("<form method=\"post\" action=\"/login\">")
                    .doesNotContain("本周发送安排");

            Http.Reply signedIn =
                    anonymous.post("/login", "application/x-www-form-urlencoded", "token=dev-admin-token");
            assertThat(signedIn.status()).isEqualTo(303);
            assertThat(signedIn.header("Location")).isEqualTo("/");
            String cookie = signedIn.header("Set-Cookie");
            // The cookie holds a random session id, never the token.
            assertThat(cookie)
                    .startsWith("bulletin_session=")
                    .doesNotContain("dev-admin-token")
                    .contains("HttpOnly")
                    .contains("SameSite=Strict")
                    .contains("Max-Age=43200");

            Http withCookie = anonymous.withHeader("Cookie", cookie.substring(0, cookie.indexOf(';')));
            assertThat(withCookie.get("/").body()).contains("本周发送安排");
            // The cookie is for the page only: the API still wants its bearer token (no cross-site requests ride on
            // it).
            assertThat(withCookie.get("/api/notices").status()).isEqualTo(401);
        }
    }

    private static void queue(Http http, String json) {
        new Office(http).queue(json);
    }

    private static String fire(Http http, String slot) {
        return new Office(http).fire(slot);
    }

    /** Waits until every email of a bulletin is sent, and says how many there were. */
    private static int emailsSent(Http http, String bulletin) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode email = http.get("/api/bulletins/" + bulletin)
                    .json()
                    .get("deliveries")
                    .get("email");
            return email != null && email.size() == 1 && email.has("sent");
        });
        return http.get("/api/bulletins/" + bulletin)
                .json()
                .get("deliveries")
                .get("email")
                .get("sent")
                .asInt();
    }
}
