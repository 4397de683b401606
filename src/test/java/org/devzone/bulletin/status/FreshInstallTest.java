package org.devzone.bulletin.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.devzone.bulletin.App;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A new install on a Wednesday, with the shipped configuration and none of the robots' secrets: calm about the days
 * before it, and plain about what is not set up, which is not reported as failures.
 */
class FreshInstallTest {

    private static final Pattern ROW =
            Pattern.compile("<tr class=\"occurrence\" data-state=\"([a-z]+)\">\\s*<td class=\"when\">([0-9-]+)");

    private final TestClock clock = new TestClock(LocalDateTime.of(2026, 12, 2, 10, 30));
    private RunningDispatcher dispatcher;
    private Http http;

    @BeforeEach
    void boot() {
        // The cadence on, as installed; its minute trigger does not come during the test (the start looks once).
        dispatcher = RunningDispatcher.start(
                Map.of(
                        "dispatcher.cadence.tick-cron",
                        "0 0 0 1 1 ? 2099",
                        "dispatcher.cadence.urgent-sweep-ms",
                        "3600000",
                        "dispatcher.cadence.urgent-at-once",
                        "false"),
                clock);
        http = dispatcher.http();
    }

    @AfterEach
    void shutDown() {
        dispatcher.close();
    }

    @Test
    void theDaysBeforeTheInstallAreNeutralNotLate() {
        String page = http.signedIn("dev-admin-token").get("/").body();

        List<String> week = new ArrayList<>();
        Matcher row = ROW.matcher(page);
        while (row.find()) {
            week.add(row.group(2) + " " + row.group(1));
        }
        // Monday and Tuesday passed before the first start; Wednesday's 10:00 was caught up at start.
        assertThat(week).containsExactly("11-30 before", "12-01 before", "12-02 done", "12-03 due", "12-04 due");
        assertThat(page).contains("系统启用之前，未发送").doesNotContain("已到时间，尚未发出");
        // Where the calendar stands, and (within 90 days of a year without a notice) how to fix it.
        assertThat(page)
                .contains("2026 年：官方安排（程序内置数据）")
                .contains("2027 年：按法定假日推算（尚未导入国务院通知，暂定）")
                .contains("holidays import notice-2027.txt");
    }

    @Test
    void aChannelWithoutItsSecretIsReportedOnceAsNotConfiguredAndGetsNoDeliveries() {
        Http.Reply queued = http.postJson("/api/notices", """
                {"category": "reminder", "title": "下周一前报送统计月报", "author": "开发区处", "audience": {"all": true}}
                """);
        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        String bulletin = http.post("/api/slots/friday-reminders/fire?date=2026-12-04", "application/json", "")
                .json()
                .get("id")
                .asText();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> deliveries(bulletin).stream()
                        .allMatch(d -> d.get("status").asText().equals("sent")));
        // Email only: the robots and the webhook have no secrets here, so nothing was planned on them to fail.
        assertThat(deliveries(bulletin))
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d.get("channel").asText()).isEqualTo("email"));
        String page = http.signedIn("dev-admin-token").get("/").body();
        assertThat(page)
                .contains("id=\"setup\"")
                .contains("wecom 渠道 wecom-dongzhou-etdz 未配置")
                .contains("dispatcher.public-url 未设置");
        assertThat(page).containsPattern("id=\"dead-total\">0<");

        JsonNode health = dispatcher.healthCheck("configuration");
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.get("message").asText())
                .contains("wecom channel 'wecom-dongzhou-etdz' is not configured (未配置)")
                .contains(
                        "dispatcher.public-url is empty: receipt links in mails and chat messages point at http://localhost:");

        StringWriter out = new StringWriter();
        assertThat(App.commandLine().setOut(new PrintWriter(out)).execute("config", "check"))
                .isZero();
        assertThat(out.toString())
                .contains("WARNING: dispatcher.public-url is empty")
                .contains("WARNING: wecom channel 'wecom-dongzhou-etdz' is not configured (未配置)");
    }

    private List<JsonNode> deliveries(String bulletin) {
        List<JsonNode> items = new ArrayList<>();
        http.get("/api/deliveries?size=200&bulletin=" + bulletin)
                .json()
                .get("items")
                .forEach(items::add);
        return items;
    }
}
