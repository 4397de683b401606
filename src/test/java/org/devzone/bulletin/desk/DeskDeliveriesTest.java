package org.devzone.bulletin.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.devzone.bulletin.testing.Browser;
import org.devzone.bulletin.testing.ConfigCopy;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Office;
import org.devzone.bulletin.testing.Pages;
import org.devzone.bulletin.testing.RefusingSmtpServer;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 投递 on the desk: what failed and why, and an admin sending it again once the cause is gone. */
class DeskDeliveriesTest {

    private static final String REFUSED = "wu.jing@xiling-etdz.example.org";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 20, 15, 0));

    @TempDir
    Path config;

    @Test
    void staffSeeAFailedMailWithItsReasonAndAnAdminSendsItAgain() throws Exception {
        ConfigCopy.into(config);
        String staffToken = ConfigCopy.mintToken(config, "--role", "staff", "--name", "李华");
        AtomicBoolean refusing = new AtomicBoolean(true);
        try (RefusingSmtpServer server = new RefusingSmtpServer(a -> refusing.get() && a.equals(REFUSED));
                RunningDispatcher dispatcher = RunningDispatcher.start(
                        RunningDispatcher.byHand(Map.of("dispatcher.mail.port", String.valueOf(server.port()))),
                        clock,
                        config)) {
            Http api = dispatcher.http();
            Office office = new Office(api);
            office.queue("reminder", "请报送周报", "{\"zones\": [\"xiling-etdz\"]}", null);
            String bulletin = office.fire("friday-reminders");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/api/deliveries?status=dead")
                                    .json()
                                    .get("items")
                                    .size()
                            == 1);

            Http staff = api.signedIn(staffToken);
            String page = staff.get("/desk/deliveries?status=dead").body();
            assertThat(rows(page)).isEqualTo(1);
            assertThat(page).contains("西岭").contains(REFUSED).contains("失败").contains("550");
            assertThat(page).doesNotContain("重新发送这些失败的投递"); // for admins
            String csrf = Pages.field(page, "_csrf");
            assertThat(staff.post("/desk/deliveries/redrive", FORM, "_csrf=" + csrf + "&bulletin=" + bulletin)
                            .status())
                    .isEqualTo(403);

            // The channels page (for admins): the mail server's last failure in the server's words; a robot whose key
            // is not set says which variable it lacks.
            Http admin = api.signedIn("dev-admin-token");
            assertThat(staff.get("/desk/channels").status()).isEqualTo(403);
            String channels = admin.get("/desk/channels").body();
            assertThat(channelRow(channels, "邮件（SMTP）")).contains("已配置").contains("550");
            assertThat(channelRow(channels, "data-name=\"wecom-dongzhou-etdz\""))
                    .contains("未配置")
                    .contains("WECOM_KEY_DONGZHOU_ETDZ");

            // The mailbox is fixed; an admin sends the failed mail of this bulletin again, and it arrives.
            refusing.set(false);
            String adminPage = admin.get("/desk/deliveries?status=dead&bulletin=" + bulletin)
                    .body();
            assertThat(adminPage).contains("重新发送这些失败的投递");
            Http.Reply redriven = admin.post(
                    "/desk/deliveries/redrive",
                    FORM,
                    "_csrf=" + Pages.field(adminPage, "_csrf") + "&bulletin=" + bulletin + "&channel=email");
            assertThat(redriven.status()).isEqualTo(303);
            assertThat(redriven.header("Location")).startsWith("/desk/deliveries?redriven=1&bulletin=" + bulletin);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> server.delivered().contains(REFUSED));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> rows(admin.get("/desk/deliveries?status=sent&bulletin=" + bulletin)
                                    .body())
                            == 1);
            assertThat(rows(admin.get("/desk/deliveries?status=dead").body())).isZero();
            assertThat(admin.get(redriven.header("Location")).body()).contains("已重新发送 1 条失败的投递");

            // As an admin sees them in the browser.
            try (Browser browser = Browser.start()) {
                browser.open("http://127.0.0.1:" + api.port() + "/desk/deliveries?bulletin=" + bulletin);
                browser.type("#token", "dev-admin-token");
                browser.click("button[type=submit]");
                assertThat(browser.all("tr.delivery-row")).hasSize(1);
                browser.screenshot("desk-deliveries");
                browser.open("http://127.0.0.1:" + api.port() + "/desk/channels");
                assertThat(browser.text("#channel-table")).contains("邮件（SMTP）");
                browser.screenshot("desk-channels");
            }

            // Once it went out, the mail server's row shows when it last delivered.
            assertThat(channelRow(admin.get("/desk/channels").body(), "邮件（SMTP）"))
                    .contains("2026-11-20 15:00");
        }
    }

    /** The table row of the channels page that holds {@code marker}. */
    private static String channelRow(String html, String marker) {
        int at = html.indexOf(marker);
        assertThat(at).as(marker).isNotNegative();
        return html.substring(at, html.indexOf("</tr>", at));
    }

    private static int rows(String html) {
        return html.split("class=\"delivery-row\"", -1).length - 1;
    }
}
