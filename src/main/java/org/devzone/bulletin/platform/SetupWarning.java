package org.devzone.bulletin.platform;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Something an admin should set up, which does not stop the dispatcher: said once at start (in English, in the log),
 * in health and {@code config check}, and on the status page (in Chinese, for staff).
 */
public record SetupWarning(String english, String chinese) {

    public SetupWarning {
        Objects.requireNonNull(english, "english");
        Objects.requireNonNull(chinese, "chinese");
    }

    /**
     * Health {@code bulletin:configuration}: UP (nothing is broken, so it is no readiness check), with the warnings as
     * its message and details.
     */
    public static final class Check extends DispatcherHealthCheck {
        private final List<SetupWarning> warnings;

        public Check(List<SetupWarning> warnings) {
            super("configuration", false);
            this.warnings = List.copyOf(warnings);
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            builder.up();
            if (!warnings.isEmpty()) {
                builder.message("WARNING: "
                        + String.join(
                                " | ",
                                warnings.stream().map(SetupWarning::english).toList()));
                for (int i = 0; i < warnings.size(); i++) {
                    builder.detail("warning." + (i + 1), warnings.get(i).english());
                }
            }
        }
    }
}
