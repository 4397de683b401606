package org.devzone.bulletin.cadence;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.devzone.bulletin.calendar.WorkingCalendar;
import org.devzone.bulletin.platform.DispatcherHealthCheck;

/**
 * What an admin must fix in the schedule's files, shown in health. Neither check takes the dispatcher out of service
 * (it keeps running on the previous schedule, or plans provisionally), so they are not readiness or liveness checks.
 */
public final class CadenceHealthChecks {

    private CadenceHealthChecks() {}

    /** Shown in the full health report, left out of the readiness and liveness probes. */
    private abstract static class Informational extends DispatcherHealthCheck {
        Informational(String id) {
            super(id, false);
        }
    }

    /** DOWN while an edit of schedule.yaml or holidays/ is refused, with the problems. */
    public static final class ScheduleCheck extends Informational {
        private final ScheduleRuntime runtime;

        public ScheduleCheck(ScheduleRuntime runtime) {
            super("schedule");
            this.runtime = runtime;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            if (runtime.problems().isEmpty()) {
                builder.up();
            } else {
                builder.down()
                        .message("schedule edit refused, the previous schedule keeps running: "
                                + String.join(" | ", runtime.problems()));
            }
        }
    }

    /**
     * A warning when a year without official calendar data starts within the look-ahead, naming the file to add. It
     * stays UP: planning goes on (provisionally), and DOWN must keep meaning that something is broken.
     */
    public static final class CalendarCheck extends Informational {
        private final ScheduleRuntime runtime;
        private final Clock clock;
        private final int lookAheadDays;

        public CalendarCheck(ScheduleRuntime runtime, Clock clock, int lookAheadDays) {
            super("calendar");
            this.runtime = runtime;
            this.clock = clock;
            this.lookAheadDays = lookAheadDays;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            Planner planner = runtime.planner();
            LocalDate today = LocalDate.now(clock.withZone(planner.schedule().timeZone()));
            List<String> standing = planner.calendar()
                    .standing(today.getYear(), today.plusDays(lookAheadDays).getYear());
            builder.detail("years", String.join("; ", standing));
            planner.calendar()
                    .firstUncoveredYear(today, today.plusDays(lookAheadDays))
                    .ifPresentOrElse(
                            year -> builder.up()
                                    .message("WARNING: " + WorkingCalendar.missingYear(year) + "; bulletins from "
                                            + year + "-01-01 are planned provisionally. " + String.join("; ", standing))
                                    .detail("warning", WorkingCalendar.missingYear(year)),
                            () -> builder.up().message(String.join("; ", standing)));
        }
    }
}
