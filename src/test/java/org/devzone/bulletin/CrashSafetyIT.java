package org.devzone.bulletin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.devzone.bulletin.testing.ConfigCopy;
import org.devzone.bulletin.testing.Notices;
import org.devzone.bulletin.testing.Postgres;
import org.devzone.bulletin.testing.Processes;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.ZoneDirectories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the packaged jar on its embedded defaults (H2, the embedded broker), and with PostgreSQL: what was
 * answered 202 is still there after the restart, and a delivery recorded sent is not sent again.
 */
class CrashSafetyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ZONES = 1500;
    private static final int CONSUMERS = 4;
    /** The shipped dispatcher.delivery.email-batch: a batch's sent mails are recorded together after its last. */
    private static final int EMAIL_BATCH = 50;

    @TempDir
    Path dir;

    private GreenMail mail;
    private Postgres postgres;
    private Processes.Jvm dispatcher;
    private int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void mailServer() {
        // A killed process's SMTP connections end with a reset, which GreenMail reports on its own threads.
        Awaitility.doNotCatchUncaughtExceptionsByDefault();
        mail = new GreenMail(new ServerSetup(RunningDispatcher.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
    }

    @AfterEach
    void stop(TestInfo test) throws Exception {
        Awaitility.reset();
        if (dispatcher != null) {
            dispatcher.close();
        }
        mail.stop();
        if (postgres != null) {
            postgres.close();
        }
        Path logs = Path.of(
                "target", "crash-logs", test.getTestMethod().orElseThrow().getName());
        Files.createDirectories(logs);
        if (Files.exists(dir.resolve("dispatcher.log"))) {
            Files.copy(
                    dir.resolve("dispatcher.log"), logs.resolve("dispatcher.log"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void everyNoticeAnswered202SurvivesKillMinus9() throws Exception {
        noticesSurviveKillMinus9();
    }

    @Test
    void everyNoticeAnswered202SurvivesKillMinus9OnPostgresql() throws Exception {
        postgres = Postgres.freshSchema();
        noticesSurviveKillMinus9();
    }

    @Test
    void aFanOutKilledMidwayFinishesAtOnceAfterTheRestartAndRepeatsOnlyWhatWasInFlight() throws Exception {
        fanOutKilledMidway();
    }

    @Test
    void aFanOutKilledMidwayOnPostgresqlRepeatsOnlyWhatWasInFlight() throws Exception {
        postgres = Postgres.freshSchema();
        fanOutKilledMidway();
    }

    private void noticesSurviveKillMinus9() throws Exception {
        Path config = ConfigCopy.into(dir.resolve("config"));
        start(config);
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicInteger answered = new AtomicInteger();
        CountDownLatch enough = new CountDownLatch(150);
        List<Thread> posters = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int poster = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; ; i++) {
                    try {
                        HttpResponse<String> reply = post("/api/notices", Notices.valid("断电测试 " + poster + "-" + i));
                        if (reply.statusCode() == 202) {
                            acknowledged.add(
                                    JSON.readTree(reply.body()).get("id").asText());
                            answered.incrementAndGet();
                            enough.countDown();
                        }
                    } catch (Exception e) {
                        return; // the process is gone
                    }
                }
            });
            thread.start();
            posters.add(thread);
        }
        enough.await();
        dispatcher.kill();
        for (Thread thread : posters) {
            thread.join(30_000);
        }
        int acked = acknowledged.size();
        System.out.printf("kill -9 after %d notices answered 202%n", acked);

        start(config);
        List<String> missing = new ArrayList<>();
        for (String id : acknowledged) {
            if (get("/api/notices/" + id).statusCode() != 200) {
                missing.add(id);
            }
        }
        System.out.printf("after the restart: %d of %d acknowledged notices missing%n", missing.size(), acked);
        assertThat(missing).as("acknowledged notices lost by kill -9").isEmpty();
    }

    private void fanOutKilledMidway() throws Exception {
        Path config = ConfigCopy.into(dir.resolve("config"));
        ZoneDirectories.write(config.resolve("zones.yaml"), ZONES);
        start(config);
        HttpResponse<String> queued = post("/api/notices", """
                {"category": "reminder", "priority": "urgent", "title": "紧急通知：明日上午全省视频会议",
                 "body": "请各开发区准时参加。", "audience": {"all": true}, "author": "开发区处"}
                """);
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(120)).until(() -> mail.getReceivedMessages().length >= 300);
        dispatcher.kill();
        int before = mail.getReceivedMessages().length;
        System.out.printf("kill -9 after %d of %d mails arrived%n", before, ZONES);

        // The default claim timeout (5 minutes) must not matter: the dead process's claims are taken back at start.
        start(config);
        String bulletin = urgentBulletin();
        await().atMost(Duration.ofSeconds(90)).until(() -> sent(bulletin) == ZONES);

        Set<String> ids = new HashSet<>();
        Map<String, Integer> perAddress = new HashMap<>();
        int received = 0;
        for (MimeMessage m : mail.getReceivedMessages()) {
            received++;
            ids.add(m.getMessageID());
            perAddress.merge(m.getAllRecipients()[0].toString(), 1, Integer::sum);
        }
        int duplicates = received - ids.size();
        System.out.printf(
                "kill -9 during fan-out: expected %d, received %d, distinct %d, recipients %d, duplicates %d%n",
                ZONES, received, ids.size(), perAddress.size(), duplicates);
        assertThat(perAddress).hasSize(ZONES);
        assertThat(ids).hasSize(ZONES);
        // A batch's mails are recorded sent together after its last 250: only the mails of the batches in hand, at most
        // one batch per consumer, can go twice.
        assertThat(duplicates).isLessThanOrEqualTo(CONSUMERS * EMAIL_BATCH);
    }

    private void start(Path config) {
        if (port == 0) {
            port = RunningDispatcher.freePort();
        }
        Map<String, String> env = new HashMap<>();
        env.put("DISPATCHER_DATA_DIR", dir.resolve("data").toString());
        env.put("CAMEL_SERVER_HOST", "127.0.0.1");
        env.put("CAMEL_SERVER_PORT", String.valueOf(port));
        env.put("CAMEL_MANAGEMENT_HOST", "127.0.0.1");
        env.put("CAMEL_MANAGEMENT_PORT", String.valueOf(RunningDispatcher.freePort()));
        env.put("DISPATCHER_BROKER_EMBEDDED_LISTEN", "");
        env.put("DISPATCHER_MAIL_HOST", "127.0.0.1");
        env.put("DISPATCHER_MAIL_PORT", String.valueOf(mail.getSmtp().getPort()));
        env.put("DISPATCHER_DELIVERY_CONSUMERS", String.valueOf(CONSUMERS));
        env.put("DISPATCHER_CADENCE_ENABLED", "false");
        env.put("DISPATCHER_CADENCE_URGENT_SWEEP_MS", "500");
        if (postgres != null) {
            env.put("DISPATCHER_DB_URL", Postgres.URL);
            env.put("DISPATCHER_DB_USER", Postgres.USER);
            env.put("DISPATCHER_DB_SCHEMA", postgres.schema());
        }
        dispatcher = Processes.dispatcher(
                        "dispatcher", env, dir.resolve("dispatcher.log"), "serve", "--config", config.toString())
                .start("bulletin-dispatcher started:", Duration.ofSeconds(90));
    }

    private String urgentBulletin() throws Exception {
        JsonNode items = JSON.readTree(get("/api/bulletins").body()).get("items");
        for (JsonNode item : items) {
            if (item.get("kind").asText().equals("urgent")) {
                return item.get("id").asText();
            }
        }
        throw new AssertionError("no urgent bulletin in " + items);
    }

    private long sent(String bulletin) throws Exception {
        JsonNode email = JSON.readTree(get("/api/bulletins/" + bulletin).body())
                .path("deliveries")
                .path("email");
        return email.path("sent").asLong();
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer dev-admin-token")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer dev-admin-token")
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
