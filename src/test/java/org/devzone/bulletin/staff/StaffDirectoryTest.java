package org.devzone.bulletin.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.devzone.bulletin.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaffDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void theShippedStaffMayQueueByMailAndAddressesMatchWhateverTheirCase() {
        StaffDirectory staff = StaffDirectory.load(Path.of("config/staff.yaml"));
        assertThat(staff.byEmail("Li.Hua@DevZone-Office.example.org")).hasValueSatisfying(m -> {
            assertThat(m.name()).isEqualTo("李华");
            assertThat(m.intake()).isTrue();
            assertThat(m.reports()).isTrue();
        });
        assertThat(staff.byEmail("someone@elsewhere.example.org")).isEmpty();
        assertThat(StaffDirectory.load(dir.resolve("missing.yaml")).members()).isEmpty();
    }

    @Test
    void mistakesAreReportedWithFileAndLine() throws Exception {
        Path file = Files.writeString(dir.resolve("staff.yaml"), """
                staff:
                  - name: 李华
                    email: li.hua@
                  - name: 赵敏
                    email: zhao.min@office.example.org
                    intake: yes
                  - email: zhao.min@office.example.org
                """);
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> StaffDirectory.load(file));
        assertThat(error.problems())
                .anySatisfy(
                        p -> assertThat(p).startsWith(file + ":3:").contains("'li.hua@' is not a valid email address"))
                .anySatisfy(p -> assertThat(p)
                        .startsWith(file + ":6:")
                        .contains("field 'intake': expected true or false, not 'yes'"))
                .anySatisfy(p -> assertThat(p).contains("staff[2], field 'name': is required"))
                .anySatisfy(p -> assertThat(p).contains("'zhao.min@office.example.org' is listed twice"));
    }
}
