package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import org.devzone.bulletin.testing.ConfigCopy;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Office;
import org.devzone.bulletin.testing.OneBotServer;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editions in QQ groups through a OneBot v11 bot that checks its token and the request as a real one does. */
class QqDeliveryTest {

    @TempDir
    Path config;

    private final TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 20, 14, 0));
    private OneBotServer bot;
    private RunningDispatcher dispatcher;
    private Http http;

    private void boot(String token) throws Exception {
        bot = new OneBotServer("t0ken");
        ConfigCopy.into(config);
        Path channels = config.resolve("channels.yaml");
        Files.writeString(channels, Files.readString(channels).replace("http://127.0.0.1:5700", bot.url()));
        dispatcher = RunningDispatcher.start(
                RunningDispatcher.byHand(
                        Map.of("dispatcher.delivery.qq-max-characters", "120", "ONEBOT_ACCESS_TOKEN", token)),
                clock,
                config);
        http = dispatcher.http();
    }

    @AfterEach
    void shutDown() {
        dispatcher.close();
        bot.close();
    }

    @Test
    void aLongEditionGoesOutInNumberedPartsAndARetryResumesWithoutRepeatingAPart() throws Exception {
        boot("t0ken");
        bot.script(200, 502);
        String body = String.join(
                "\\n\\n", "第一段：请各开发区核对统计口径。".repeat(3), "第二段：请于周一前报送月报。".repeat(3), "第三段：逾期未报的将在周一通报。".repeat(3));
        queue("统计月报报送提醒", "{\"zones\": [\"xiling-industrial\"]}", body);

        String bulletin = fire();

        await().atMost(Duration.ofSeconds(20)).until(() -> status(bulletin).equals("sent"));
        assertThat(bot.sent()).extracting(OneBotServer.Sent::groupId).containsOnly(731000106L);
        int parts = bot.sent().size();
        assertThat(parts).isGreaterThan(1);
        for (int i = 0; i < parts; i++) {
            assertThat(bot.sent().get(i).text())
                    .as("part %d once, in order", i + 1)
                    .startsWith("（" + (i + 1) + "/" + parts + "）\n");
        }
        assertThat(bot.sent().get(0).text())
                .contains("西岭工业园区")
                .contains("统计月报报送提醒")
                .doesNotContain("**");
        JsonNode row = delivery(bulletin);
        assertThat(row.get("address").asText()).isEqualTo("qq:office-qq/731000106");
        assertThat(row.get("partsSent").asInt()).isEqualTo(parts);
        assertThat(row.get("attempts").asInt()).isEqualTo(2);
        assertThat(row.get("providerMessageId").asText()).isEqualTo(String.valueOf(1000 + parts));
    }

    @Test
    void aWrongAccessTokenIsDeadAtOnceWithTheReason() throws Exception {
        boot("wrong-token");
        queue("令牌错误时的提醒", "{\"zones\": [\"xiling-industrial\"]}", "短消息");

        String bulletin = fire();

        await().atMost(Duration.ofSeconds(20)).until(() -> status(bulletin).equals("dead"));
        assertThat(delivery(bulletin).get("lastError").asText()).isEqualTo("the QQ bot refused the access token (403)");
        assertThat(delivery(bulletin).get("attempts").asInt()).isEqualTo(1);
        assertThat(bot.sent()).isEmpty();
    }

    private String fire() {
        return new Office(http).fire("friday-reminders");
    }

    private void queue(String title, String audience, String body) {
        new Office(http).queue("reminder", title, audience, "\"body\": \"" + body + "\"");
    }

    private JsonNode delivery(String bulletin) {
        return http.get("/api/deliveries?channel=qq&bulletin=" + bulletin)
                .json()
                .get("items")
                .get(0);
    }

    private String status(String bulletin) {
        JsonNode items = http.get("/api/deliveries?channel=qq&bulletin=" + bulletin)
                .json()
                .get("items");
        return items.isEmpty() ? "" : items.get(0).get("status").asText();
    }
}
