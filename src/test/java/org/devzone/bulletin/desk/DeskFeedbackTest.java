package org.devzone.bulletin.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.devzone.bulletin.testing.Browser;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.ImapMailbox;
import org.devzone.bulletin.testing.Pages;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.junit.jupiter.api.Test;

/** 反馈 on the desk: zones' answers, and a reply that matched no zone assigned by staff. */
class DeskFeedbackTest {

    private static final String MAILBOX = "replies@office.example.org";
    private static final String FORM = "application/x-www-form-urlencoded";

    @Test
    void aReplyFromAnUnknownAddressIsListedAndStaffAssignItToItsZone() throws Exception {
        try (ImapMailbox mailbox = new ImapMailbox(MAILBOX, "mailbox-password")) {
            Map<String, String> settings = new HashMap<>(mailbox.settings("replies"));
            settings.putAll(RunningDispatcher.byHand(Map.of()));
            try (RunningDispatcher dispatcher =
                    RunningDispatcher.start(settings, new TestClock(LocalDateTime.of(2026, 11, 20, 15, 0)))) {
                Http api = dispatcher.http();
                // 西岭's director writes from a personal address: the dispatcher cannot tell whose it is.
                MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()));
                mail.setFrom(new InternetAddress("laoma@home.example.net", "马晓东", "UTF-8"));
                mail.setRecipient(Message.RecipientType.TO, new InternetAddress(MAILBOX));
                mail.setSubject("关于考核材料报送时间", "UTF-8");
                mail.setText("我区考核材料将于 12 月 3 日报送。", "UTF-8");
                mail.saveChanges();
                mailbox.deliver(mail);
                await().atMost(Duration.ofSeconds(30))
                        .until(() ->
                                api.get("/api/feedback").json().get("items").size() == 1);

                Http staff = api.signedIn("dev-admin-token");
                String page = staff.get("/desk/feedback?matched=no").body();
                assertThat(page)
                        .contains("未能对应开发区")
                        .contains("关于考核材料报送时间")
                        .contains("我区考核材料将于 12 月 3 日报送。")
                        .contains("归到该开发区");
                String id = api.get("/api/feedback")
                        .json()
                        .get("items")
                        .get(0)
                        .get("id")
                        .asText();
                String csrf = Pages.field(page, "_csrf");

                Http.Reply unpicked = staff.post("/desk/feedback/" + id + "/assign", FORM, "_csrf=" + csrf + "&zone=");
                assertThat(unpicked.status()).isEqualTo(400);
                assertThat(unpicked.body()).contains("请选择这条反馈来自哪个开发区");
                Http.Reply assigned =
                        staff.post("/desk/feedback/" + id + "/assign", FORM, "_csrf=" + csrf + "&zone=xiling-agri");
                assertThat(assigned.status()).isEqualTo(303);
                JsonNode item = api.get("/api/feedback").json().get("items").get(0);
                assertThat(item.get("zone").asText()).isEqualTo("xiling-agri");
                assertThat(item.get("matched").asBoolean()).isTrue();
                assertThat(staff.get("/desk/feedback?zone=xiling-agri").body()).contains("西岭现代农业产业园");
                try (Browser browser = Browser.start()) {
                    browser.open("http://127.0.0.1:" + api.port() + "/desk/feedback");
                    browser.type("#token", "dev-admin-token");
                    browser.click("button[type=submit]");
                    assertThat(browser.all("article.feedback-item")).hasSize(1);
                    browser.screenshot("desk-feedback");
                }
                assertThat(staff.get("/desk/feedback?matched=no").body()).contains("没有符合条件的反馈");
                // Assigned once: a second try says so instead of moving it.
                assertThat(staff.post("/desk/feedback/" + id + "/assign", FORM, "_csrf=" + csrf + "&zone=dongzhou-port")
                                .status())
                        .isEqualTo(409);
            }
        }
    }
}
