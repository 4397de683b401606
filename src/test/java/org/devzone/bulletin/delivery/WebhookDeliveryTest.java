package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import org.devzone.bulletin.testing.ConfigCopy;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Office;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.devzone.bulletin.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generic webhook channel against a receiver that checks the signature as a zone's system would. */
class WebhookDeliveryTest {

    private static final String SECRET = "s3cret-for-nangang";

    @TempDir
    Path config;

    private final TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 20, 14, 0));
    private WebhookReceiver receiver;
    private RunningDispatcher dispatcher;
    private Http http;

    @BeforeEach
    void boot() throws Exception {
        receiver = new WebhookReceiver(SECRET);
        ConfigCopy.into(config);
        Path channels = config.resolve("channels.yaml");
        Files.writeString(
                channels,
                Files.readString(channels)
                        .replace("https://portal.nangang-hitech.example.org/hooks/bulletin", receiver.url()));
        dispatcher = RunningDispatcher.start(
                RunningDispatcher.byHand(Map.of( // As the environment variable channels.yaml names would.
                        "WEBHOOK_SECRET_NANGANG_PORTAL", SECRET)),
                clock,
                config);
        http = dispatcher.http();
    }

    @AfterEach
    void shutDown() {
        dispatcher.close();
        receiver.close();
    }

    @Test
    void theZonesWebhookGetsItsEditionSignedOnceEvenAfterAServerErrorAndABusyAnswer() throws Exception {
        receiver.script(
                new WebhookReceiver.Reply(500, "oops"),
                new WebhookReceiver.Reply(200, "{\"code\": 7, \"msg\": \"busy\"}"));
        queue("南港高新区的专项提醒", "{\"zones\": [\"nangang-hitech\"]}");

        String bulletin = fire();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> status(bulletin, "webhook").equals("sent"));
        assertThat(receiver.answered()).containsExactly(500, 200, 200);
        assertThat(receiver.accepted()).hasSize(1);
        JsonNode body = new ObjectMapper().readTree(receiver.accepted().get(0));
        assertThat(body.get("v").asInt()).isEqualTo(1);
        assertThat(body.get("zone").get("name").asText()).isEqualTo("南港高新技术产业开发区");
        assertThat(body.get("slot").asText()).isEqualTo("friday-reminders");
        assertThat(body.get("notices").get(0).get("title").asText()).isEqualTo("南港高新区的专项提醒");
        assertThat(body.get("markdown").asText()).contains("**南港高新技术产业开发区**").contains("**南港高新区的专项提醒**");
        JsonNode row = delivery(bulletin, "webhook");
        assertThat(row.get("address").asText()).isEqualTo("webhook:nangang-portal");
        assertThat(row.get("attempts").asInt()).isEqualTo(3);
        assertThat(row.get("providerMessageId").asText()).isEqualTo("wh-1");
        // The zone's WeCom robot has no key on this machine: not configured, so nothing was planned on it to fail.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> http.get("/api/bulletins/" + bulletin)
                        .json()
                        .get("deliveries")
                        .toString()
                        .equals("{\"email\":{\"sent\":2},\"webhook\":{\"sent\":1}}"));
        assertThat(status(bulletin, "wecom")).isEmpty();
    }

    @Test
    void aRefusalIsDeadAtOnceWithTheReceiversAnswer() {
        receiver.script(new WebhookReceiver.Reply(403, "{\"code\": 403, \"msg\": \"zone portal disabled\"}"));
        queue("被拒收的提醒", "{\"zones\": [\"nangang-hitech\"]}");

        String bulletin = fire();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> status(bulletin, "webhook").equals("dead"));
        JsonNode row = delivery(bulletin, "webhook");
        assertThat(row.get("attempts").asInt()).isEqualTo(1);
        assertThat(row.get("lastError").asText())
                .isEqualTo(
                        "the webhook refused the message with 403: {\"code\": 403, \"msg\": \"zone portal disabled\"}");
    }

    private String fire() {
        return new Office(http).fire("friday-reminders");
    }

    private void queue(String title, String audience) {
        new Office(http).queue("reminder", title, audience, null);
    }

    private JsonNode delivery(String bulletin, String channel) {
        return http.get("/api/deliveries?bulletin=" + bulletin + "&channel=" + channel)
                .json()
                .get("items")
                .get(0);
    }

    private String status(String bulletin, String channel) {
        JsonNode items = http.get("/api/deliveries?bulletin=" + bulletin + "&channel=" + channel)
                .json()
                .get("items");
        return items.isEmpty() ? "" : items.get(0).get("status").asText();
    }
}
