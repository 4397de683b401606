package org.devzone.bulletin.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.devzone.bulletin.testing.Browser;
import org.devzone.bulletin.testing.ConfigCopy;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Mails;
import org.devzone.bulletin.testing.Office;
import org.devzone.bulletin.testing.Pages;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 签收 on the desk: the matrix, its CSV, and an admin's reminder sent now. */
class DeskReceiptsTest {

    private static final Pattern LINK = Pattern.compile("确认签收：http://localhost:\\d+(/r/[A-Za-z0-9_.-]+)");
    private static final String PORT_ZONE = "wang.haiyan@dongzhou-port.example.org";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 20, 15, 0));

    @TempDir
    Path config;

    @Test
    void staffSeeWhoOwesWhatExportItAndAnAdminRemindsTheUnsignedZonesOnce() throws Exception {
        ConfigCopy.into(config);
        String staffToken = ConfigCopy.mintToken(config, "--role", "staff", "--name", "李华");
        try (RunningDispatcher dispatcher = RunningDispatcher.start(RunningDispatcher.byHand(Map.of()), clock, config);
                Browser browser = Browser.start()) {
            Http api = dispatcher.http();
            Office office = new Office(api);
            String document = office.queue(
                    "document",
                    "关于报送年度考核材料的通知",
                    "{\"zones\": [\"xiling-agri\", \"dongzhou-port\"]}",
                    "\"receiptDeadline\": \"2026-11-23\"");
            office.fire("friday-reminders");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> dispatcher.mailTo(PORT_ZONE).size() == 1);
            // 东州临港 signs from its mail; 西岭 does not, and on Tuesday it is overdue.
            String link = link(dispatcher.mailTo(PORT_ZONE).get(0));
            assertThat(api.as(null).post(link, FORM, "").status()).isEqualTo(200);
            clock.set(LocalDateTime.of(2026, 11, 24, 9, 0));

            // Staff see the matrix, overdue zones first, but no reminder button (that is for admins).
            Http staff = api.signedIn(staffToken);
            String staffPage = staff.get("/desk/receipts").body();
            assertThat(staffPage).contains("关于报送年度考核材料的通知").doesNotContain("立即催签");
            String csrf = Pages.field(staffPage, "_csrf");
            Http.Reply refused =
                    staff.post("/desk/receipts/" + document + "/remind", FORM, "_csrf=" + csrf + "&_request=x");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("需要管理员令牌");

            // The CSV opens in a spreadsheet as the page shows it.
            Http.Reply csv = staff.get("/desk/receipts.csv");
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.contentType()).startsWith("text/csv");
            assertThat(csv.header("Content-Disposition")).contains("attachment").contains("filename*=UTF-8''");
            assertThat(csv.body().lines().toList())
                    .containsExactly("\uFEFF开发区,关于报送年度考核材料的通知（2026-11-23 前）", "西岭现代农业产业园,逾期", "东州临港产业园,已签收 11-20");

            String base = "http://127.0.0.1:" + api.port();
            browser.open(base + "/desk/receipts");
            browser.type("#token", "dev-admin-token");
            browser.click("button[type=submit]");
            assertThat(browser.all("tr.receipt-row"))
                    .extracting(row -> row.getAttribute("data-zone"))
                    .containsExactly("xiling-agri", "dongzhou-port");
            assertThat(browser.text("th.document")).contains("已签 1/2");
            browser.screenshot("desk-receipts");
            int before =
                    dispatcher.mailTo("ma.xiaodong@xiling-agri.example.org").size();
            browser.click("button.remind");
            assertThat(browser.text("#outcome")).isEqualTo("催签提醒已发给 1 个尚未签收的开发区。");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> dispatcher
                                    .mailTo("ma.xiaodong@xiling-agri.example.org")
                                    .size()
                            == before + 1);
            assertThat(dispatcher.mailTo(PORT_ZONE)).hasSize(1); // it had signed

            // The same form posted again (back, then submit) sends nothing more.
            String adminPage =
                    api.signedIn("dev-admin-token").get("/desk/receipts").body();
            Http admin = api.signedIn("dev-admin-token");
            String adminCsrf = Pages.field(admin.get("/desk/receipts").body(), "_csrf");
            String request = Pages.field(adminPage, "_request");
            for (int i = 0; i < 2; i++) {
                assertThat(admin.post(
                                        "/desk/receipts/" + document + "/remind",
                                        FORM,
                                        "_csrf=" + adminCsrf + "&_request=" + request)
                                .status())
                        .isEqualTo(303);
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> dispatcher
                                    .mailTo("ma.xiaodong@xiling-agri.example.org")
                                    .size()
                            == before + 2);
            // Two reminders in all (the click and this form), each to the one zone that has not signed.
            assertThat(api.get("/api/bulletins").json().get("items").findValuesAsText("kind"))
                    .filteredOn("reminder"::equals)
                    .hasSize(2);
        }
    }

    private static String link(MimeMessage mail) throws Exception {
        Matcher m = LINK.matcher(Mails.text(mail));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
