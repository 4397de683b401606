package org.devzone.bulletin.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import org.devzone.bulletin.App;
import org.devzone.bulletin.testing.ConfigCopy;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Office;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zones answer over the API with their own token, for themselves only. */
class FeedbackApiTest {

    @TempDir
    Path config;

    private final TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 20, 14, 0));
    private RunningDispatcher dispatcher;
    private Http http;
    private String portToken;

    @BeforeEach
    void boot() throws Exception {
        ConfigCopy.into(config);
        // Minted as an admin would: the CLI prints the token once and the lines for tokens.yaml.
        StringWriter out = new StringWriter();
        assertThat(App.commandLine()
                        .setOut(new PrintWriter(out))
                        .execute("token", "--zone", "dongzhou-port", "--name", "东州临港产业园办公室"))
                .isZero();
        String printed = out.toString();
        portToken = printed.lines().findFirst().orElseThrow().replaceAll("^.*: ", "");
        Files.writeString(
                config.resolve("tokens.yaml"),
                printed.substring(printed.indexOf("  - name:")),
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        assertThat(Files.readString(config.resolve("tokens.yaml"))).doesNotContain(portToken);
        dispatcher = RunningDispatcher.start(
                RunningDispatcher.byHand(Map.of("dispatcher.security.bad-token-limit", "5")), clock, config);
        http = dispatcher.http();
    }

    @AfterEach
    void shutDown() {
        dispatcher.close();
    }

    @Test
    void aZoneAnswersAboutANoticeItGotAndOnlyForItself() throws Exception {
        String toPort = queue("请报送四季度用地计划", "dongzhou-port");
        String toOthers = queue("只发给西岭的通知", "xiling-agri");
        assertThat(http.post("/api/slots/friday-reminders/fire", "application/json", "")
                        .status())
                .isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.mail().getReceivedMessages().length >= 1);

        HttpResponse<String> created =
                post(portToken, "{\"notice\": \"" + toPort + "\", \"text\": \"我区将于 12 月 8 日前报送。\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode listed = http.get("/api/feedback?zone=dongzhou-port").json().get("items");
        assertThat(listed).hasSize(1);
        // The same moment, in the office's time, in the answer and in the list.
        String receivedAt =
                new ObjectMapper().readTree(created.body()).get("receivedAt").asText();
        assertThat(receivedAt).startsWith("2026-11-20T14:00").endsWith("+08:00");
        assertThat(listed.get(0).get("receivedAt").asText()).isEqualTo(receivedAt);
        assertThat(listed.get(0).get("via").asText()).isEqualTo("api");
        assertThat(listed.get(0).get("notice").asText()).isEqualTo(toPort);
        assertThat(listed.get(0).get("author").asText()).isEqualTo("东州临港产业园办公室");

        HttpResponse<String> general = post(portToken, "{\"text\": \"建议下周的调度会改到周三。\"}");
        assertThat(general.statusCode()).isEqualTo(201);

        HttpResponse<String> notOurs = post(portToken, "{\"notice\": \"" + toOthers + "\", \"text\": \"看到了\"}");
        assertThat(notOurs.statusCode()).isEqualTo(404);
        assertThat(notOurs.body()).contains("没有发给本开发区");

        HttpResponse<String> posing = post(portToken, "{\"zone\": \"xiling-agri\", \"text\": \"冒充西岭\"}");
        assertThat(posing.statusCode()).isEqualTo(400);
        assertThat(posing.body()).contains("\"field\":\"zone\"").contains("开发区由令牌决定");
        assertThat(post(portToken, "{\"text\": \"\"}").body()).contains("\"field\":\"text\"");
        assertThat(http.get("/api/feedback?zone=xiling-agri").json().get("items"))
                .isEmpty();
    }

    @Test
    void noTokenOrAWrongOneIsRefusedAndGuessingIsStopped() throws Exception {
        HttpResponse<String> missing = post(null, "{\"text\": \"你好\"}");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(missing.body()).contains("缺少令牌");
        for (int i = 0; i < 5; i++) {
            assertThat(post("guess-" + i, "{\"text\": \"你好\"}").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> stopped = post(portToken, "{\"text\": \"你好\"}");
        assertThat(stopped.statusCode())
                .as("even the right token, from a client that kept guessing")
                .isEqualTo(429);
        assertThat(stopped.body()).contains("尝试次数过多");
        assertThat(http.get("/api/feedback").status())
                .as("the address is stopped, whatever it presents")
                .isEqualTo(429);
    }

    private HttpResponse<String> post(String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + http.port() + "/api/feedback"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String queue(String title, String zone) {
        return new Office(http).queue("reminder", title, "{\"zones\": [\"" + zone + "\"]}", null);
    }
}
