package org.devzone.bulletin.cadence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import org.devzone.bulletin.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleLoaderTest {

    @TempDir
    Path dir;

    @Test
    void theShippedScheduleHasTheOfficesThreeSlots() {
        Schedule schedule = ScheduleLoader.load(Path.of("config/schedule.yaml"));

        assertThat(schedule.timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(schedule.slots())
                .extracting(Slot::id)
                .containsExactly("monday-receipts", "midweek-news", "friday-reminders");
        Slot monday = schedule.find("monday-receipts").orElseThrow();
        assertThat(monday.anchor()).isEqualTo(Slot.Anchor.FIRST_WORKING_DAY);
        assertThat(monday.at()).isEqualTo(LocalTime.of(9, 0));
        assertThat(schedule.slotFor(Category.SUMMARY)).isSameAs(monday);
        assertThat(schedule.slotFor(Category.CASE).id()).isEqualTo("midweek-news");
        assertThat(schedule.slotFor(Category.DOCUMENT).at()).isEqualTo(LocalTime.of(15, 0));
        assertThat(schedule.slotFor(Category.DOCUMENT).maxItems()).isEqualTo(20);
    }

    @Test
    void aCategoryInTwoSlotsOrInNoneAndBadTimingAreReported() throws IOException {
        Path file = Files.writeString(dir.resolve("schedule.yaml"), """
                time-zone: Asia/Beijing
                slots:
                  - id: monday
                    on: first-working-day
                    at: "9h"
                    categories: [summary, document]
                  - id: friday
                    on: last-working-day
                    cron: "0 0 15 ? * FRI"
                    categories: [reminder, document, gossip]
                """);

        ConfigException error = catchThrowableOfType(ConfigException.class, () -> ScheduleLoader.load(file));

        assertThat(error.getMessage())
                .contains(":1: schedule, field 'time-zone': 'Asia/Beijing' is not a time zone")
                .contains(":5: slot 'monday', field 'at': '9h' is not a time of day")
                .contains("slot 'friday', field 'on': give either 'on'")
                .contains(
                        ":10: slot 'friday', field 'categories': category 'document' is already carried by slot 'monday'")
                .contains("unknown category 'gossip'")
                .contains("no slot carries category 'information'");
    }
}
