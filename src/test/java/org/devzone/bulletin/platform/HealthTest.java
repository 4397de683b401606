package org.devzone.bulletin.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.junit.jupiter.api.Test;

/** Health shows the database, the broker and the mail server; a mail server that is away does not take it out of service. */
class HealthTest {

    @Test
    void theDatabaseBrokerAndMailServerAreInHealthAndAnAbsentMailServerIsReportedButStaysReady() {
        try (RunningDispatcher dispatcher = RunningDispatcher.start()) {
            assertThat(status(dispatcher, "database")).isEqualTo("UP");
            assertThat(status(dispatcher, "broker")).isEqualTo("UP");
            assertThat(status(dispatcher, "smtp")).isEqualTo("UP");

            dispatcher.mail().stop();

            await().atMost(Duration.ofSeconds(10)).until(() -> status(dispatcher, "smtp").equals("DOWN"));
            assertThat(check(dispatcher, "smtp").get("message").asText()).contains("cannot be reached")
                    .contains("retried");
            assertThat(dispatcher.management().get("/observe/health/ready").json().get("status").asText()).isEqualTo("UP");
        }
    }

    private static String status(RunningDispatcher dispatcher, String name) {
        return dispatcher.healthCheck(name).get("status").asText();
    }

    private static JsonNode check(RunningDispatcher dispatcher, String name) {
        return dispatcher.healthCheck(name);
    }
}
