package org.devzone.bulletin.cadence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringReader;
import java.util.List;
import org.devzone.bulletin.testing.DispatcherExtension;
import org.devzone.bulletin.testing.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScheduleApiTest {

    @RegisterExtension
    static final DispatcherExtension app = new DispatcherExtension();

    @Test
    void theNationalDayWeekAsJsonRows() {
        Http.Reply reply = app.http().get("/api/schedule?from=2026-10-05&to=2026-10-11");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode rows = reply.json();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).toString())
                .isEqualTo(
                        "{\"slot\":\"monday-receipts\",\"date\":\"2026-10-08\",\"time\":\"09:00\","
                                + "\"provisional\":false,\"note\":\"Monday 2026-10-05 is 国庆节; Tuesday 2026-10-06 is 国庆节; Wednesday 2026-10-07 is 国庆节\"}");
        assertThat(rows.get(2).get("date").asText()).isEqualTo("2026-10-10");
    }

    @Test
    void byDefaultFourWeeksFromTodayAndTheNewYearIsProvisional() {
        JsonNode rows = app.http().get("/api/schedule").json();

        assertThat(rows.get(0).get("date").asText()).isEqualTo("2026-11-20");
        assertThat(rows.get(0).get("slot").asText()).isEqualTo("friday-reminders");
        assertThat(rows.get(rows.size() - 1).get("date").asText()).isEqualTo("2026-12-17");

        JsonNode january =
                app.http().get("/api/schedule?from=2027-01-04&to=2027-01-04").json();
        assertThat(january.get(0).get("provisional").asBoolean()).isTrue();
        assertThat(january.get(0).get("note").asText())
                .startsWith(
                        "no official calendar for 2027: its days off are predicted from the law until the State Council's notice is imported (holidays import notice-2027.txt");
    }

    @Test
    void theScheduleAsAnICalendarFeedStaffCanSubscribeTo() throws Exception {
        Http.Reply reply = app.http().get("/api/schedule.ics?from=2026-10-05&to=2026-10-11");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo("text/calendar; charset=utf-8");
        net.fortuna.ical4j.model.Calendar calendar =
                new net.fortuna.ical4j.data.CalendarBuilder().build(new StringReader(reply.body()));
        assertThat(calendar.getProperty("X-WR-CALNAME").orElseThrow().getValue())
                .isEqualTo("省商务厅开发区处 公报发送日程");
        List<net.fortuna.ical4j.model.component.VEvent> events = calendar.getComponents("VEVENT");
        assertThat(events).hasSize(3);
        net.fortuna.ical4j.model.component.VEvent first = events.get(0);
        assertThat(first.getSummary().getValue()).isEqualTo("周一公文签收情况与上周工作小结");
        assertThat(first.getUid().orElseThrow().getValue()).isEqualTo("monday-receipts@2026-10-08@bulletin-dispatcher");
        assertThat(first.getDateTimeStart().getValue()).as("09:00 in Shanghai").isEqualTo("20261008T010000Z");
        // Read by people, in Chinese.
        assertThat(first.getDescription().getValue())
                .startsWith("因节假日调整：10-05（周一）国庆节放假，10-06（周二）国庆节放假")
                .doesNotContain("Monday");

        String provisional = app.http()
                .get("/api/schedule.ics?from=2027-01-04&to=2027-01-04")
                .body();
        assertThat(provisional).contains("SUMMARY:周一公文签收情况与上周工作小结（暂定）");
        net.fortuna.ical4j.model.component.VEvent january = new net.fortuna.ical4j.data.CalendarBuilder()
                .build(new StringReader(provisional))
                .<net.fortuna.ical4j.model.component.VEvent>getComponents("VEVENT")
                .get(0);
        assertThat(january.getDescription().getValue())
                .startsWith("暂定：尚无 2027 年的官方节假日安排")
                .doesNotContain("config/")
                .doesNotContain("add ");
    }

    @Test
    void badRangesAreRefusedWithFieldErrors() {
        Http.Reply reply = app.http().get("/api/schedule?from=2026-13-01&to=soon");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors").findValuesAsText("field")).containsExactly("from", "to");

        Http.Reply backwards = app.http().get("/api/schedule?from=2026-12-01&to=2026-11-01");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().get("errors").get(0).get("message").asText())
                .contains("早于开始日期");
    }
}
