package org.devzone.bulletin.cadence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.devzone.bulletin.bulletin.Cadence;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Office;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cadence driven by an injected clock: a whole year in seconds, and what happens around downtime. */
class CadenceTest {

    private final TestClock clock = new TestClock(LocalDateTime.of(2026, 1, 1, 0, 0));
    private RunningDispatcher dispatcher;

    private void boot() {
        // Quartz's own minute trigger stays off: the test is the clock, and calls the tick the trigger would.
        dispatcher = RunningDispatcher.start(RunningDispatcher.byHand(Map.of()), clock);
    }

    /** The cadence on, as in production, with a trigger that does not come during the test: only the start ticks. */
    private void bootWithCadence() {
        dispatcher = RunningDispatcher.start(
                Map.of(
                        "dispatcher.cadence.tick-cron",
                        "0 0 0 1 1 ? 2099",
                        "dispatcher.cadence.urgent-sweep-ms",
                        "3600000",
                        "dispatcher.cadence.urgent-at-once",
                        "false"),
                clock);
    }

    @AfterEach
    void shutDown() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    @Test
    void aYearOfTicksGivesExactlyOneBulletinPerOccurrenceOfThe2026Calendar() throws Exception {
        boot();
        Cadence cadence = dispatcher.bean("cadence", Cadence.class);
        Planner planner =
                dispatcher.bean("scheduleRuntime", ScheduleRuntime.class).planner();
        List<Occurrence> planned = planner.between(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 27));

        for (LocalDate day = LocalDate.of(2026, 1, 1);
                !day.isAfter(LocalDate.of(2026, 12, 27));
                day = day.plusDays(1)) {
            for (int[] time : new int[][] {{8, 59}, {9, 0}, {9, 1}, {10, 0}, {12, 30}, {15, 0}, {15, 0}, {23, 59}}) {
                clock.set(day.atTime(time[0], time[1]));
                cadence.tick();
            }
        }

        List<String> expected = new ArrayList<>();
        planned.forEach(o -> expected.add(o.slot().id() + "@" + o.date() + " schedule"));
        assertThat(bulletins()).containsExactlyInAnyOrderElementsOf(expected).hasSize(244);
    }

    @Test
    void anOccurrenceMissedTodayIsSentOnceOnStartAndOlderOnesAreRecordedAsMissed() throws Exception {
        clock.set(LocalDateTime.of(2026, 11, 20, 14, 0));
        bootWithCadence();
        Http http = dispatcher.http();
        String reminder = queue(http, "reminder", "周五前排入的提醒");
        dispatcher.stop();

        // Down from Friday 14:00 to Monday 11:00: Friday 15:00 passed (missed), Monday 09:00 is today (caught up).
        clock.set(LocalDateTime.of(2026, 11, 23, 11, 0));
        dispatcher.startAgain();
        http = dispatcher.http();

        assertThat(bulletins())
                .containsExactlyInAnyOrder("friday-reminders@2026-11-20 missed", "monday-receipts@2026-11-23 catch-up");
        assertThat(status(http, reminder))
                .as("its notices wait for the next occurrence")
                .isEqualTo("queued");
        JsonNode missed = http.get("/api/bulletins?slot=friday-reminders")
                .json()
                .get("items")
                .get(0);
        assertThat(missed.get("status").asText()).isEqualTo("missed");
        assertThat(missed.get("noticeCount").asInt()).isZero();

        dispatcher.restart();
        assertThat(bulletins()).as("restarting across it changes nothing").hasSize(2);

        clock.set(LocalDateTime.of(2026, 11, 27, 15, 0));
        dispatcher.bean("cadence", Cadence.class).tick();
        assertThat(status(dispatcher.http(), reminder)).isEqualTo("sent");
    }

    @Test
    void withTheCadenceOffNothingFiresOnItsOwnNotEvenACatchUp() throws Exception {
        clock.set(LocalDateTime.of(2026, 11, 23, 9, 30)); // Monday's 09:00 occurrence is due for catch-up
        boot();
        queue(dispatcher.http(), "summary", "上周小结");
        dispatcher.restart();

        assertThat(bulletins()).as("off means off").isEmpty();
        Http.Reply fired = dispatcher.http().post("/api/slots/monday-receipts/fire", "application/json", "");
        assertThat(fired.status()).as("firing by hand still works").isEqualTo(201);
        assertThat(bulletins()).containsExactly("monday-receipts@2026-11-23 manual");
    }

    @Test
    void mondaysEditionCarriesLastWeeksSummaryToEveryZone() throws Exception {
        clock.set(LocalDateTime.of(2026, 11, 16, 8, 0));
        boot();
        Http http = dispatcher.http();
        Cadence cadence = dispatcher.bean("cadence", Cadence.class);
        queue(http, "case", "上周的案例", "{\"tags\": [\"hi-tech\"]}");
        queue(http, "document", "上周的文件", "{\"all\": true}");
        clock.set(LocalDateTime.of(2026, 11, 17, 10, 0));
        cadence.tick();
        clock.set(LocalDateTime.of(2026, 11, 20, 15, 0));
        cadence.tick();

        clock.set(LocalDateTime.of(2026, 11, 23, 9, 0));
        cadence.tick();

        JsonNode monday = http.get("/api/bulletins?slot=monday-receipts")
                .json()
                .get("items")
                .get(0);
        JsonNode full = http.get("/api/bulletins/" + monday.get("id").asText()).json();
        assertThat(full.get("editions")).as("every zone gets Monday's summary").hasSize(20);
        assertThat(full.get("sections").get("receipts").toString())
                .as("filled per zone when sent")
                .isEqualTo("{}");
        assertThat(http.get("/api/slots/monday-receipts/render?zone=xiling-agri")
                        .body())
                .as("last week's document is not signed for yet")
                .contains("【公文签收情况】\n贵单位尚有以下公文未签收：\n- 上周的文件\n  确认签收：http://localhost:")
                .contains("【上周发布情况】2026-11-16 至 2026-11-22\n重要文件：1 条，覆盖 20 个开发区\n典型案例：1 条，覆盖 5 个开发区");
        assertThat(full.get("sections").get("lastWeek").toString())
                .isEqualTo("{\"from\":\"2026-11-16\",\"to\":\"2026-11-22\","
                        + "\"categories\":[{\"category\":\"document\",\"label\":\"重要文件\",\"notices\":1,\"zones\":20},"
                        + "{\"category\":\"case\",\"label\":\"典型案例\",\"notices\":1,\"zones\":5}],"
                        + "\"feedback\":{\"count\":0,\"zones\":0}}");
    }

    private static String queue(Http http, String category, String title) {
        return queue(http, category, title, "{\"all\": true}");
    }

    private static String queue(Http http, String category, String title, String audience) {
        return new Office(http).queue(category, title, audience, null);
    }

    private static String status(Http http, String noticeId) {
        return http.get("/api/notices/" + noticeId).json().get("status").asText();
    }

    /** Every bulletin on record as "slot@date firedBy" (or "missed"). */
    private List<String> bulletins() throws Exception {
        DataSource db = dispatcher.bean("dataSource", DataSource.class);
        List<String> rows = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT occurrence_key, fired_by FROM bulletin");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return rows;
    }
}
