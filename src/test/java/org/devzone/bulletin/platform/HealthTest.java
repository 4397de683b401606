package org.devzone.bulletin.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.component.jms.JmsConsumer;
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

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> status(dispatcher, "smtp").equals("DOWN"));
            assertThat(check(dispatcher, "smtp").get("message").asText())
                    .contains("cannot be reached")
                    .contains("retried");
            assertThat(dispatcher
                            .management()
                            .get("/observe/health/ready")
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("UP");
        }
    }

    /**
     * Consumers of a queue that stop (as when their sessions were closed under them at start) take the dispatcher out
     * of readiness, and come back by themselves: the route is restarted while the broker answers.
     */
    @Test
    void queueConsumersThatStopTakeTheDispatcherOutOfReadinessUntilTheyAreRestarted() throws Exception {
        try (RunningDispatcher dispatcher = RunningDispatcher.start(Map.of(
                "dispatcher.broker.consumers-watch-ms",
                "200",
                "dispatcher.broker.consumers-restart-after-ms",
                "1000"))) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> status(dispatcher, "queue-consumers").equals("UP"));
            assertThat(ready(dispatcher)).isEqualTo("UP");

            var consumer = (JmsConsumer)
                    dispatcher.context().getRoute("delivery-dispatch").getConsumer();
            consumer.getListenerContainer().stop();

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> status(dispatcher, "queue-consumers").equals("DOWN"));
            assertThat(check(dispatcher, "queue-consumers").get("message").asText())
                    .contains("bulletin.deliveries")
                    .contains("not running");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> status(dispatcher, "queue-consumers").equals("UP")
                            && ready(dispatcher).equals("UP"));
            // And they consume again: a notice fired goes out by mail.
            var http = dispatcher.http();
            assertThat(http.postJson("/api/notices", """
                    {"category": "reminder", "title": "重启消费者之后", "audience": {"zones": ["dongzhou-port"]},
                     "author": "开发区处"}
                    """).status()).isEqualTo(202);
            assertThat(http.post("/api/slots/friday-reminders/fire", "application/json", "")
                            .status())
                    .isEqualTo(201);
            await().atMost(Duration.ofSeconds(30)).until(() -> dispatcher.mail().getReceivedMessages().length > 0);
        }
    }

    private static String ready(RunningDispatcher dispatcher) {
        return dispatcher
                .management()
                .get("/observe/health/ready")
                .json()
                .get("status")
                .asText();
    }

    private static String status(RunningDispatcher dispatcher, String name) {
        return dispatcher.healthCheck(name).get("status").asText();
    }

    private static JsonNode check(RunningDispatcher dispatcher, String name) {
        return dispatcher.healthCheck(name);
    }
}
