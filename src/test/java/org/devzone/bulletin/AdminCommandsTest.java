package org.devzone.bulletin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.devzone.bulletin.testing.ConfigCopy;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The admin's tools on the command line: schedule preview and config check. */
class AdminCommandsTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = App.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void previewOf2026AsJsonListsEveryOccurrenceWithItsReason() throws Exception {
        assertThat(run("schedule", "preview", "--from", "2026-01-01", "--to", "2026-12-31", "--json"))
                .isZero();

        JsonNode rows = new ObjectMapper().readTree(out.toString());
        assertThat(rows).hasSize(248);
        assertThat(rows.get(0).toString())
                .isEqualTo("{\"slot\":\"friday-reminders\",\"date\":\"2026-01-04\",\"time\":\"15:00\","
                        + "\"provisional\":false,\"note\":\"Sunday 2026-01-04 is a make-up working day (元旦)\"}");
        // Only the last week of the year depends on 2027 days, which have no official calendar yet.
        for (JsonNode row : rows) {
            boolean lastWeek = row.get("date").asText().compareTo("2026-12-28") > 0;
            assertThat(row.get("provisional").asBoolean()).as(row.toString()).isEqualTo(lastWeek);
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void previewAsATableMarksProvisionalRowsAndEmptyWeeks() {
        assertThat(run("schedule", "preview", "--from", "2026-02-16", "--to", "2026-02-22"))
                .isZero();
        assertThat(out.toString())
                .contains("(week of 2026-02-16 has no working day: nothing fires, notices wait)")
                .contains("0 occurrence(s)");

        out.getBuffer().setLength(0);
        assertThat(run("schedule", "preview", "--from", "2027-01-04", "--to", "2027-01-04"))
                .isZero();
        assertThat(out.toString())
                .startsWith(
                        "WARNING: no official calendar for 2027: its days off are predicted from the law until the State Council's notice is imported (holidays import notice-2027.txt")
                .contains("monday-receipts *");
    }

    @Test
    void aHolidayFileDroppedIntoConfigChangesThePreview() throws IOException {
        copyConfig();
        Files.createDirectories(dir.resolve("holidays"));
        Files.writeString(dir.resolve("holidays/2027.json"), """
                {"year": 2027, "papers": [], "days": [
                  {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
                  {"name": "元旦", "date": "2027-01-04", "isOffDay": true}]}
                """);

        assertThat(run("schedule", "preview", "--config", dir.toString(), "--from", "2027-01-04", "--to", "2027-01-10"))
                .isZero();

        assertThat(out.toString())
                .doesNotContain("WARNING")
                .doesNotContain("*")
                .contains("2027-01-05  Tue  09:00  monday-receipts       Monday 2027-01-04 is 元旦");
    }

    @Test
    void configCheckPassesOnTheShippedConfigurationAndNamesFileAndLineOtherwise() throws IOException {
        assertThat(run("config", "check")).isZero();
        assertThat(out.toString())
                .contains("config is valid: 20 zones, 8 channels, 3 slots.")
                .contains("calendar 2026: official, from the tyme4j library");

        copyConfig();
        Files.createDirectories(dir.resolve("holidays"));
        Files.writeString(dir.resolve("holidays/2027.json"), """
                {"year": 2027,
                 "days": [
                  {"name": "元旦", "date": "2027-01-01", "isOffDay": "yes"},
                  {"name": "春节", "date": "2027-02-30", "isOffDay": true}]}
                """);
        Files.writeString(
                dir.resolve("schedule.yaml"),
                Files.readString(dir.resolve("schedule.yaml"))
                        .replace("on: middle-working-days", "cron: \"0 0 25 ? * TUE-THU\""));

        assertThat(run("config", "check", "--config", dir.toString())).isEqualTo(App.CONFIG_ERROR);

        Path holidays = dir.resolve("holidays/2027.json");
        assertThat(err.toString())
                .contains(holidays + ":3: days[0], field 'isOffDay': 'yes' must be true (a day off) or false")
                .contains(holidays + ":4: days[1], field 'date': '2027-02-30' is not a date")
                .contains("slot 'midweek-news', field 'cron': '0 0 25 ? * TUE-THU' is not a Quartz cron rule")
                .contains(
                        "slot 'midweek-news', field 'at': a cron slot takes its time from the cron rule; remove 'at'");
    }

    @Test
    void theToolsFindTheDispatcherOnItsConfiguredPortWaitABoundedTimeAndSayWhatFailed() throws Exception {
        copyConfig();
        int port;
        try (RunningDispatcher running =
                RunningDispatcher.start(Map.of("dispatcher.cadence.enabled", "false"), RunningDispatcher.CLOCK, dir)) {
            port = running.http().port();
            // The admin's configuration says where it listens (not 8080 here): the tools need no --url.
            Path properties = dir.resolve("application.properties");
            Files.writeString(
                    properties,
                    Files.readString(properties).replace("camel.server.port=8080", "camel.server.port=" + port));
            assertThat(run("render", "friday-reminders", "--zone", "dongzhou-port", "--config", dir.toString()))
                    .as(err.toString())
                    .isZero();
            assertThat(out.toString()).contains("东州临港产业园");
        }

        // Stopped: nothing listens there any more.
        assertThat(run("fire", "friday-reminders", "--config", dir.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains(
                        "Cannot reach the dispatcher at http://localhost:" + port
                                + ": nothing is listening there (connection refused); start the dispatcher, or check the address.")
                .contains("camel.server.port")
                .doesNotContain("null");

        // Something that accepts the connection and never answers: the tool gives up and says so.
        err.getBuffer().setLength(0);
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThat(run("redrive", "--url", "http://127.0.0.1:" + silent.getLocalPort(), "--timeout", "1"))
                    .isEqualTo(1);
        }
        assertThat(err.toString()).contains("did not answer within 1 s");
    }

    @Test
    void aZonesTokenIsMintedOnlyForAZoneOfTheDirectory() {
        assertThat(run("token", "--zone", "atlantis")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("No zone 'atlantis' in config/zones.yaml");
        assertThat(out.toString()).as("no token printed").isEmpty();

        assertThat(run("token", "--zone", "dongzhou-port")).isZero();
        assertThat(out.toString()).contains("    zone: dongzhou-port");
    }

    @Test
    void theStateCouncilsNoticeIsImportedInOneStepAfterADryRun() throws Exception {
        copyConfig();
        Path notice = dir.resolve("notice-2027.txt");
        Files.writeString(notice, """
                国务院办公厅关于2027年部分节假日安排的通知

                一、元旦：1月1日（周五）至3日（周日）放假，共3天。

                二、春节：2月5日（农历除夕、周五）至12日（农历正月初七、周五）放假调休，共8天。2月14日（周日）上班。
                """);

        assertThat(run("holidays", "import", notice.toString(), "--dry-run", "--config", dir.toString()))
                .as(err.toString())
                .isZero();
        JsonNode file = new ObjectMapper().readTree(out.toString());
        assertThat(file.get("year").asInt()).isEqualTo(2027);
        assertThat(file.get("days").get(0).toString())
                .isEqualTo("{\"name\":\"元旦\",\"date\":\"2027-01-01\",\"isOffDay\":true}");
        assertThat(file.get("days")).hasSize(12);
        // 元旦 and 春节 were predicted already; the make-up Sunday after the Spring Festival was not (it cannot be).
        assertThat(err.toString())
                .contains("occurrence(s) are no longer provisional")
                .contains("+ 2027-02-14  Sun  09:00  monday-receipts")
                .contains("+ 2027-02-14  Sun  15:00  friday-reminders")
                .doesNotContain("2027-01-01");
        assertThat(dir.resolve("holidays/2027.json"))
                .as("a dry run writes nothing")
                .doesNotExist();

        out.getBuffer().setLength(0);
        assertThat(run("holidays", "import", notice.toString(), "--config", dir.toString()))
                .isZero();
        assertThat(out.toString())
                .contains("Wrote " + dir.resolve("holidays/2027.json") + ": 11 day(s) off and 1 make-up")
                .contains("+ 2027-02-14  Sun  15:00  friday-reminders");
        out.getBuffer().setLength(0);
        assertThat(run("schedule", "preview", "--config", dir.toString(), "--from", "2027-01-01", "--to", "2027-01-03"))
                .isZero();
        assertThat(out.toString()).doesNotContain("WARNING").contains("0 occurrence(s)");

        // A notice that contradicts itself writes nothing and says where.
        Files.writeString(notice, "国务院办公厅关于2028年部分节假日安排的通知\n一、元旦：1月1日（周五）放假，共1天。\n");
        err.getBuffer().setLength(0);
        assertThat(run("holidays", "import", notice.toString(), "--config", dir.toString()))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("Nothing was written")
                .contains(notice + ":2: 2028-01-01 is a saturday, but the notice says 周五; check the date");
        assertThat(dir.resolve("holidays/2028.json")).doesNotExist();
    }

    private void copyConfig() throws IOException {
        ConfigCopy.into(dir);
    }
}
