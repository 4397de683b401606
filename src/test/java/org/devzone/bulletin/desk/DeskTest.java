package org.devzone.bulletin.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import org.devzone.bulletin.testing.Browser;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Office;
import org.devzone.bulletin.testing.Pages;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staff desk: writing a notice in a real (headless) Chromium, and what the pages refuse. */
class DeskTest {

    @TempDir
    Path files;

    /** Friday 2026-11-20, 10:00 in the office: the Friday bulletin goes out at 15:00. */
    private final TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 20, 10, 0));

    @Test
    void staffWriteADocumentInTheBrowserSeeItPreviewedAndItArrivesByMailAtTheNextFire() throws Exception {
        try (RunningDispatcher dispatcher = RunningDispatcher.start(RunningDispatcher.byHand(Map.of()), clock);
                Browser browser = Browser.start()) {
            String base = "http://127.0.0.1:" + dispatcher.http().port();

            // A browser without a session is asked to sign in, and comes back to the page it asked for.
            browser.open(base + "/desk/notices/new");
            assertThat(browser.title()).contains("登录");
            browser.type("#token", "dev-admin-token");
            browser.click("button[type=submit]");
            assertThat(browser.title()).as(browser.text("main")).isEqualTo("写通知 · 省商务厅开发区处");
            assertThat(browser.url()).endsWith("/desk/notices/new");

            browser.select("#category", "document");
            browser.type("#title", "关于报送年度考核材料的通知");
            browser.type("#body", "请于 **12 月 4 日前** 报送：\n\n- 考核自评报告\n- 佐证材料");
            browser.tick("input[name=tag][value=key-zone]");
            browser.setDate("#receiptDeadline", "2026-12-05");
            // The preview follows the typing (the page's script), rendered by the code that renders the mails.
            browser.awaitText("#preview-text", "佐证材料");
            browser.awaitText("#reach", "东州经济技术开发区");
            assertThat(browser.text("#reach")).doesNotContain("东州临港产业园");
            browser.awaitText("#preview", "不是工作日");
            assertThat(browser.all("#preview-html strong"))
                    .extracting(e -> e.getText())
                    .containsExactly("12 月 4 日前");
            assertThat(browser.text("#preview")).contains("12-05（周六）周末，不是工作日");
            browser.screenshot("desk-compose");

            // An urgent notice needs its confirmation; a deadline on a Saturday is allowed but shown.
            browser.tick("input[name=priority]");
            browser.type("#title", " ");
            browser.click("#queue");
            assertThat(browser.text("#problems")).as(browser.text("#compose")).contains("有 2 处需要修改");
            assertThat(browser.text("#priority-problem")).contains("确认立即发出");
            assertThat(browser.text("#title-problem")).isNotBlank();
            // The refused form comes back as typed.
            assertThat(browser.all("input[name=tag][value=key-zone]").get(0).isSelected())
                    .isTrue();
            assertThat(browser.all("#body").get(0).getAttribute("value")).contains("佐证材料");

            browser.untick("input[name=priority]");
            browser.type("#title", "关于报送年度考核材料的通知");
            browser.setDate("#receiptDeadline", "2026-12-04");
            // A file over the limit is refused before it is sent; one within it goes with the notice.
            Path big = Files.write(files.resolve("扫描件.pdf"), new byte[11 * 1024 * 1024]);
            browser.attach("#file1", big);
            assertThat(browser.text("#file-size")).contains("超过 10 MiB 的上限");
            Path form = Files.write(files.resolve("考核自评表.pdf"), "%PDF-1.4 自评表".getBytes(StandardCharsets.UTF_8));
            Path sheet = Files.write(files.resolve("佐证材料清单.txt"), "一、二、三".getBytes(StandardCharsets.UTF_8));
            browser.attach("#file1", form);
            browser.attach("#file2", sheet);
            assertThat(browser.text("#file-size")).contains("已选 2 个附件");
            browser.click("#queue");
            assertThat(browser.text("#outcome")).isEqualTo("通知已排入发送队列：随“周五工作提醒与重要文件”，预计 2026-11-20（周五）15:00 随公报发出。");
            assertThat(browser.text("#status")).isEqualTo("待发送");
            assertThat(browser.text("#facts"))
                    .contains("需要签收，2026-12-04 前")
                    .contains("标签 key-zone")
                    .contains("考核自评表.pdf、佐证材料清单.txt");
            String id = browser.url().replaceAll(".*/desk/notices/([^?]+).*", "$1");
            browser.screenshot("desk-notice");

            // The queue lists it, by status.
            browser.open(base + "/desk/notices?status=queued");
            assertThat(browser.all("tr.notice-row"))
                    .extracting(row -> row.getAttribute("data-id"))
                    .containsExactly(id);
            assertThat(browser.text("#notices")).contains("网页").contains("预计 2026-11-20（周五）15:00");
            browser.screenshot("desk-notices");

            // At the next fire it goes out: the key zones' contacts get it by mail, the page says what went out.
            clock.set(LocalDateTime.of(2026, 11, 20, 15, 0));
            new Office(dispatcher.http()).fire("friday-reminders");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !dispatcher
                            .mailTo("zhou.xiaoming@dongzhou-etdz.example.org")
                            .isEmpty());
            MimeMessage mail =
                    dispatcher.mailTo("zhou.xiaoming@dongzhou-etdz.example.org").get(0);
            assertThat(mail.getSubject()).contains("周五");
            var mixed = (MimeMultipart) mail.getContent();
            assertThat(MimeUtility.decodeText(mixed.getBodyPart(1).getFileName()))
                    .isEqualTo("考核自评表.pdf");
            assertThat(new String(mixed.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("%PDF-1.4 自评表");
            assertThat(MimeUtility.decodeText(mixed.getBodyPart(2).getFileName()))
                    .isEqualTo("佐证材料清单.txt");
            assertThat(dispatcher.mailTo("wang.haiyan@dongzhou-port.example.org"))
                    .isEmpty();
            browser.open(base + "/desk/notices/" + id);
            assertThat(browser.text("#status")).isEqualTo("已发出");
            browser.awaitText("#delivered", "邮件");
        }
    }

    @Test
    void formsCarryTheirSessionsTokenComeFromThisSiteAndAreStoredOnce() throws Exception {
        try (RunningDispatcher dispatcher = RunningDispatcher.start(RunningDispatcher.byHand(Map.of()), clock)) {
            Http api = dispatcher.http();
            Http anonymous = api.as(null);
            Http staff = api.signedIn("dev-admin-token");

            // Pages need a session; their stylesheet does not.
            Http.Reply signIn = anonymous.get("/desk/notices");
            assertThat(signIn.status()).isEqualTo(401);
            assertThat(signIn.body()).contains("请先登录").contains("name=\"next\" value=\"/desk/notices\"");
            assertThat(anonymous.get("/assets/desk.css").status()).isEqualTo(200);
            assertThat(anonymous.get("/assets/desk.css").contentType()).startsWith("text/css");
            assertThat(anonymous.get("/assets/htmx.min.js").body()).contains("htmx");
            assertThat(anonymous.get("/assets/secret.txt").status()).isEqualTo(404);
            // A bearer token is no session: the pages are for browsers.
            assertThat(api.get("/desk/notices").status()).isEqualTo(401);

            Http.Reply form = staff.get("/desk/notices/new");
            assertThat(form.status()).isEqualTo(200);
            assertThat(form.header("Content-Security-Policy"))
                    .contains("script-src 'self'")
                    .contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline");
            String csrf = Pages.field(form.body(), "_csrf");
            String draft = Pages.field(form.body(), "_draft");
            String notice = "category=information&title=" + url("南港高新区推行“一窗通办”") + "&body=" + url("经验做法。")
                    + "&audienceAll=yes&author=" + url("开发区处") + "&receipt=default&action=queue&_draft=" + draft;

            // Without the form token, with another's, or from another site: refused, nothing stored.
            Http.Reply noToken = staff.post("/desk/notices", FORM, notice);
            assertThat(noToken.status()).isEqualTo(403);
            assertThat(noToken.body()).contains("表单已过期或不是从本系统页面提交的");
            String otherSession = Pages.field(
                    api.signedIn("dev-admin-token").get("/desk/notices/new").body(), "_csrf");
            assertThat(staff.post("/desk/notices", FORM, notice + "&_csrf=" + otherSession)
                            .status())
                    .isEqualTo(403);
            Http.Reply otherSite = staff.withHeader("Origin", "http://127.0.0.1:1")
                    .post("/desk/notices", FORM, notice + "&_csrf=" + csrf);
            assertThat(otherSite.status()).isEqualTo(403);
            assertThat(otherSite.body()).contains("这个表单来自其他网站");
            assertThat(staff.withHeader("Sec-Fetch-Site", "cross-site")
                            .post("/desk/notices", FORM, notice + "&_csrf=" + csrf)
                            .status())
                    .isEqualTo(403);
            assertThat(api.get("/api/notices").json().get("total").asInt()).isZero();

            // From the page itself: stored, and posting the same form again (back button, double click) stores it once.
            Http.Reply queued = staff.withHeader("Origin", "http://127.0.0.1:" + api.port())
                    .post("/desk/notices", FORM, notice + "&_csrf=" + csrf);
            assertThat(queued.status()).isEqualTo(303);
            String location = queued.header("Location");
            assertThat(location).matches("/desk/notices/[0-9a-f-]{36}\\?queued=1");
            Http.Reply again = staff.post("/desk/notices", FORM, notice + "&_csrf=" + csrf);
            assertThat(again.header("Location")).isEqualTo(location.replace("queued=1", "queued=2"));
            JsonNode stored = api.get("/api/notices").json();
            assertThat(stored.get("total").asInt()).isEqualTo(1);
            assertThat(stored.get("items").get(0).get("source").asText()).isEqualTo("web");
            String id = stored.get("items").get(0).get("id").asText();

            // Withdrawing asks first, then withdraws; a notice a bulletin took cannot be.
            Http.Reply ask = staff.post("/desk/notices/" + id + "/withdraw", FORM, "_csrf=" + csrf);
            assertThat(ask.status()).isEqualTo(200);
            assertThat(ask.body()).contains("确定撤回这条通知");
            assertThat(api.get("/api/notices/" + id).json().get("status").asText())
                    .isEqualTo("queued");
            Http.Reply withdrawn =
                    staff.post("/desk/notices/" + id + "/withdraw", FORM, "_csrf=" + csrf + "&confirm=yes");
            assertThat(withdrawn.status()).isEqualTo(303);
            assertThat(api.get("/api/notices/" + id).json().get("status").asText())
                    .isEqualTo("withdrawn");
            assertThat(staff.get(withdrawn.header("Location")).body()).contains("通知已撤回");

            String taken = new Office(api).queue("reminder", "请报送周报", "{\"all\": true}", null);
            clock.set(LocalDateTime.of(2026, 11, 20, 15, 0));
            new Office(api).fire("friday-reminders");
            Http.Reply late =
                    staff.post("/desk/notices/" + taken + "/withdraw", FORM, "_csrf=" + csrf + "&confirm=yes");
            assertThat(late.status()).isEqualTo(409);
            assertThat(late.body()).contains("已随公报发出，不能撤回").doesNotContain("Exception");
            assertThat(staff.get("/desk/notices/not-a-notice").status()).isEqualTo(404);

            // Signing out takes the form token too; then the session is gone.
            assertThat(staff.post("/logout", FORM, "_csrf=" + csrf).status()).isEqualTo(303);
            assertThat(staff.get("/desk/notices").status()).isEqualTo(401);
        }
    }

    @Test
    void aFormPostedFromAnotherOriginInTheSignedInBrowserIsRefused() throws Exception {
        HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        try (RunningDispatcher dispatcher = RunningDispatcher.start(RunningDispatcher.byHand(Map.of()), clock);
                Browser browser = Browser.start()) {
            String base = "http://127.0.0.1:" + dispatcher.http().port();
            // Another program on the same machine (same site, another origin) serves a form aimed at the desk.
            byte[] page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>抽奖</title></head><body>"
                            + "<form method=\"post\" action=\"" + base + "/desk/notices\">"
                            + "<input type=\"hidden\" name=\"category\" value=\"information\">"
                            + "<input type=\"hidden\" name=\"title\" value=\"伪造的通知\">"
                            + "<input type=\"hidden\" name=\"audienceAll\" value=\"yes\">"
                            + "<input type=\"hidden\" name=\"author\" value=\"某人\">"
                            + "<input type=\"hidden\" name=\"action\" value=\"queue\">"
                            + "<input type=\"hidden\" name=\"_csrf\" value=\"guessed\">"
                            + "<button type=\"submit\">领奖</button></form></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            attacker.createContext("/", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(page);
                }
            });
            attacker.start();

            browser.open(base + "/desk/notices");
            browser.type("#token", "dev-admin-token");
            browser.click("button[type=submit]");
            assertThat(browser.title()).startsWith("通知");

            browser.open("http://127.0.0.1:" + attacker.getAddress().getPort() + "/");
            browser.click("button[type=submit]");
            assertThat(browser.text("#error")).contains("这个表单来自其他网站");
            assertThat(dispatcher.http().get("/api/notices").json().get("total").asInt())
                    .isZero();
        } finally {
            attacker.stop(0);
        }
    }

    private static final String FORM = "application/x-www-form-urlencoded";

    private static String url(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
