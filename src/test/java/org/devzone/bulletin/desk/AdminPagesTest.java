package org.devzone.bulletin.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import org.awaitility.Awaitility;
import org.devzone.bulletin.testing.Browser;
import org.devzone.bulletin.testing.ConfigCopy;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admins' week: the next eight weeks on the calendar, and the State Council's notice imported from a form. */
class AdminPagesTest {

    private static final String NOTICE_2027 = """
            国务院办公厅关于2027年部分节假日安排的通知

            一、元旦：1月1日（周五）至3日（周日）放假，共3天。

            二、春节：2月5日（农历除夕、周五）至12日（农历正月初七、周五）放假调休，共8天。2月14日（周日）上班。
            """;

    /** Monday 2027-01-25: the Spring Festival is within the eight weeks shown. */
    private final TestClock clock = new TestClock(LocalDateTime.of(2027, 1, 25, 9, 30));

    @TempDir
    Path config;

    @Test
    void anAdminPastesTheStateCouncilsNoticeSeesWhatMovesAndSavesIt() throws Exception {
        ConfigCopy.into(config);
        String staffToken = ConfigCopy.mintToken(config, "--role", "staff", "--name", "李华");
        try (RunningDispatcher dispatcher = RunningDispatcher.start(
                        RunningDispatcher.byHand(Map.of("dispatcher.schedule.reload-ms", "200")), clock, config);
                Browser browser = Browser.start()) {
            Http api = dispatcher.http();
            // Staff see the schedule but cannot import.
            Http staff = api.signedIn(staffToken);
            assertThat(staff.get("/desk/schedule").body()).contains("暂定").doesNotContain("导入国务院节假日通知");
            assertThat(staff.get("/desk/holidays").status()).isEqualTo(403);

            String base = "http://127.0.0.1:" + api.port();
            browser.open(base + "/desk/schedule");
            browser.type("#token", "dev-admin-token");
            browser.click("button[type=submit]");
            assertThat(browser.text("#standing")).contains("2027 年：按法定假日推算");
            assertThat(browser.text("#schedule")).doesNotContain("02-14（周日）");

            browser.click("#import");
            browser.type("#text", NOTICE_2027);
            browser.click("#check");
            assertThat(browser.all("#parsed-days tbody tr")).hasSize(12);
            assertThat(browser.text("#moves")).contains("期发送不再是暂定").contains("改为：2027-02-14（周日）15:00 周五工作提醒与重要文件");
            assertThat(config.resolve("holidays/2027.json"))
                    .as("checking writes nothing")
                    .doesNotExist();
            browser.screenshot("desk-holidays");

            browser.click("#save");
            assertThat(browser.text("#outcome")).contains("2027 年的节假日安排已导入");
            assertThat(Files.readString(config.resolve("holidays/2027.json"))).contains("\"year\" : 2027");
            // The running dispatcher picks the file up within seconds: the make-up Sunday carries Friday's bulletin.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                browser.open(base + "/desk/schedule");
                return browser.text("#schedule").contains("2027-02-14（周日）15:00");
            });
            assertThat(browser.text("#standing")).contains("2027 年：官方安排");
            browser.screenshot("desk-schedule");

            // A notice that contradicts itself writes nothing and says where.
            browser.open(base + "/desk/holidays");
            browser.type("#text", "国务院办公厅关于2028年部分节假日安排的通知\n一、元旦：1月1日（周五）放假，共1天。\n");
            browser.click("#check");
            assertThat(browser.text("#problems")).contains("没有导入").contains("2028-01-01");
            assertThat(config.resolve("holidays/2028.json")).doesNotExist();
        }
    }
}
