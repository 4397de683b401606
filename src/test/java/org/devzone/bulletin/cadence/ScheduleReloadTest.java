package org.devzone.bulletin.cadence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import org.devzone.bulletin.testing.ConfigCopy;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An admin edits the schedule and the holiday files while the dispatcher runs. */
class ScheduleReloadTest {

    @TempDir
    Path config;

    private RunningDispatcher dispatcher;
    private Http http;

    @BeforeEach
    void boot() throws IOException {
        ConfigCopy.into(config);
        dispatcher = RunningDispatcher.start(
                Map.of("dispatcher.schedule.reload-ms", "200", "dispatcher.cadence.enabled", "false"),
                RunningDispatcher.CLOCK,
                config);
        http = dispatcher.http();
    }

    @AfterEach
    void shutDown() {
        dispatcher.close();
    }

    @Test
    void aValidEditTakesEffectWithinSecondsAndAnInvalidOneKeepsTheOldScheduleAndShowsInHealth() throws IOException {
        assertThat(fridayTime()).isEqualTo("15:00");

        edit("schedule.yaml", "at: \"15:00\"", "at: \"16:30\"");
        await().atMost(Duration.ofSeconds(10)).until(() -> fridayTime().equals("16:30"));
        assertThat(check("schedule").get("status").asText()).isEqualTo("UP");

        edit("schedule.yaml", "on: last-working-day", "on: last-workday");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> check("schedule").get("status").asText().equals("DOWN"));

        assertThat(check("schedule").get("message").asText())
                .contains("schedule edit refused, the previous schedule keeps running")
                .contains(config.resolve("schedule.yaml") + ":")
                .contains("unknown on 'last-workday'");
        assertThat(fridayTime()).as("the previous schedule runs on").isEqualTo("16:30");
        assertThat(dispatcher
                        .management()
                        .get("/observe/health/ready")
                        .json()
                        .get("status")
                        .asText())
                .as("a refused edit does not take the dispatcher out of service")
                .isEqualTo("UP");

        edit("schedule.yaml", "on: last-workday", "on: last-working-day");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> check("schedule").get("status").asText().equals("UP"));
    }

    @Test
    void healthWarnsAboutAYearWithoutOfficialDataUntilItsFileIsDroppedIn() throws IOException {
        JsonNode calendar = check("calendar");
        assertThat(calendar.get("status").asText()).isEqualTo("UP");
        assertThat(calendar.get("message").asText())
                .contains("2027: predicted from the law (no State Council notice imported)")
                .contains(
                        "no official calendar for 2027: its days off are predicted from the law until the State Council's notice is imported (holidays import notice-2027.txt");
        assertThat(http.get("/api/schedule?from=2027-01-04&to=2027-01-04")
                        .json()
                        .get(0)
                        .get("provisional")
                        .asBoolean())
                .isTrue();

        Files.createDirectories(config.resolve("holidays"));
        Files.writeString(config.resolve("holidays/2027.json"), """
                {"year": 2027, "papers": [], "days": [
                  {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
                  {"name": "元旦", "date": "2027-01-04", "isOffDay": true}]}
                """);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> !check("calendar").get("message").asText().contains("WARNING"));
        // Where each year stands, and from which source.
        assertThat(check("calendar").get("message").asText())
                .contains("2026: official, from the tyme4j library")
                .contains("2027: official, from " + config.resolve("holidays/2027.json"));
        JsonNode row =
                http.get("/api/schedule?from=2027-01-04&to=2027-01-05").json().get(0);
        assertThat(row.get("date").asText()).isEqualTo("2027-01-05");
        assertThat(row.get("provisional").asBoolean()).isFalse();
        assertThat(row.get("note").asText()).isEqualTo("Monday 2027-01-04 is 元旦");
    }

    private String fridayTime() {
        for (JsonNode row :
                http.get("/api/schedule?from=2026-11-20&to=2026-11-20").json()) {
            if (row.get("slot").asText().equals("friday-reminders")) {
                return row.get("time").asText();
            }
        }
        throw new AssertionError("no friday-reminders on 2026-11-20");
    }

    private JsonNode check(String name) {
        return dispatcher.healthCheck(name);
    }

    private void edit(String file, String from, String to) throws IOException {
        Path path = config.resolve(file);
        String text = Files.readString(path);
        assertThat(text).contains(from);
        Files.writeString(path, text.replace(from, to));
        // Make sure the change is seen even on file systems with coarse modification times.
        Files.setLastModifiedTime(path, FileTime.fromMillis(System.currentTimeMillis() + 1000));
    }
}
