package org.devzone.bulletin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.devzone.bulletin.testing.Notices;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's run command: the packaged jar on embedded defaults, used over HTTP, then stopped with SIGTERM. */
class PackagedJarIT {

    @TempDir
    Path dataDir;

    @Test
    void theJarStartsOnEmbeddedDefaultsAcceptsANoticeAndShutsDownCleanly() throws Exception {
        int port = RunningDispatcher.freePort();
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        "target/bulletin-dispatcher.jar")
                .redirectErrorStream(true);
        // To a file: Process.destroy() closes the pipe and the shutdown lines would be lost to the test.
        Path logFile = dataDir.resolve("dispatcher.log");
        builder.redirectOutput(logFile.toFile());
        builder.environment().put("CAMEL_SERVER_PORT", String.valueOf(port));
        builder.environment().put("DISPATCHER_DATA_DIR", dataDir.toString());
        builder.environment().put("DISPATCHER_BROKER_EMBEDDED_LISTEN", "");
        Process process = builder.start();
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> log(logFile).stream().anyMatch(l -> l.contains("bulletin-dispatcher started:")));
            String started = log(logFile).stream()
                    .filter(l -> l.contains("bulletin-dispatcher started:"))
                    .findFirst()
                    .orElseThrow();
            assertThat(started)
                    .contains("data in " + dataDir)
                    .contains("embedded ActiveMQ")
                    .contains(":" + port);
            // Safe defaults on a shared network: the receipt key is its owner's alone, health and metrics stay local.
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("receipt-secret"))))
                    .isEqualTo("rw-------");
            assertThat(reachable("127.0.0.1", 8081))
                    .as("management on this machine")
                    .isTrue();
            String elsewhere = nonLoopbackAddress();
            if (elsewhere != null) {
                assertThat(reachable(elsewhere, 8081))
                        .as("management from " + elsewhere)
                        .isFalse();
                assertThat(reachable(elsewhere, port))
                        .as("the API is open as configured (0.0.0.0)")
                        .isTrue();
            }

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> accepted = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/notices"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer dev-admin-token")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    Notices.valid("打包后的 jar 收到的通知"), StandardCharsets.UTF_8))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(accepted.statusCode()).isEqualTo(202);
            HttpResponse<String> listed = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/notices"))
                            .header("Authorization", "Bearer dev-admin-token")
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(listed.body()).contains("打包后的 jar 收到的通知");
            // The desk is in the jar: its pages (sign-in first), its stylesheet and the script from the WebJar.
            HttpResponse<String> desk = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/desk/notices/new"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(desk.statusCode()).isEqualTo(401);
            assertThat(desk.body()).contains("工作人员或管理员令牌").contains("/assets/desk.css");
            for (String asset : List.of("/assets/desk.css", "/assets/htmx.min.js", "/assets/desk.js")) {
                assertThat(http.send(
                                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + asset))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                                .statusCode())
                        .as(asset)
                        .isEqualTo(200);
            }

            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("stops within the shutdown timeout")
                    .isTrue();
            List<String> log = log(logFile);
            assertThat(log)
                    .anyMatch(l -> l.contains("JVM shutdown hook triggered by SIGTERM"))
                    .anyMatch(l -> l.contains("Apache Camel (Main) 4.18.0 is shutdown"));
            assertThat(log).noneMatch(l -> l.contains(" ERROR "));
            assertThat(Files.exists(dataDir.resolve("db/bulletin.mv.db"))).isTrue();
        } finally {
            process.destroyForcibly();
        }
    }

    /** Started outside the project's directory, the jar says in one line what is missing; no stack trace. */
    @Test
    void startedWhereThereAreNoRoutesItSaysSoInOneLine() throws Exception {
        Path elsewhere = Files.createDirectories(dataDir.resolve("elsewhere"));
        Path err = dataDir.resolve("err.txt");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        Path.of("target/bulletin-dispatcher.jar")
                                .toAbsolutePath()
                                .toString(),
                        "--config",
                        Path.of("config").toAbsolutePath().toString())
                .directory(elsewhere.toFile())
                .redirectErrorStream(false)
                .redirectError(err.toFile())
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readString(err))
                .contains(elsewhere.resolve("routes") + ": the routes directory is missing")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    /** A command's standard output is its answer alone (it can be piped to jq); its logs go to standard error. */
    @Test
    void aCommandPrintsOnlyItsAnswerOnStandardOutput() throws Exception {
        for (List<String> command : List.of(
                List.of("schedule", "preview", "--json", "--from", "2026-12-28", "--to", "2027-01-08"),
                List.of("config", "check"))) {
            List<String> line = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    "target/bulletin-dispatcher.jar"));
            line.addAll(command);
            Path out = dataDir.resolve("out.txt");
            Path err = dataDir.resolve("err.txt");
            Process process = new ProcessBuilder(line)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue())
                    .as(command + ": " + Files.readString(err))
                    .isZero();
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(stdout).as(command.toString()).doesNotContain(" INFO ").doesNotContain("ical4j");
            if (command.contains("--json")) {
                JsonNode json = new ObjectMapper().readTree(stdout);
                assertThat(json.isContainerNode()).as(stdout).isTrue();
            }
            assertThat(Files.readString(err, StandardCharsets.UTF_8))
                    .as("warnings at most")
                    .doesNotContain(" INFO ");
        }
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** An IPv4 address of this machine other than loopback, or null when it has none. */
    private static String nonLoopbackAddress() throws Exception {
        for (var nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (var address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address) {
                    return address.getHostAddress();
                }
            }
        }
        return null;
    }

    @Test
    void withLogFormatJsonEveryLineIsJsonAndADeliveryCarriesItsBulletinZoneAndChannel() throws Exception {
        int port = RunningDispatcher.freePort();
        GreenMail mail = new GreenMail(new ServerSetup(RunningDispatcher.freePort(), "127.0.0.1", "smtp"));
        mail.start();
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        "target/bulletin-dispatcher.jar")
                .redirectErrorStream(true);
        Path logFile = dataDir.resolve("dispatcher.json.log");
        builder.redirectOutput(logFile.toFile());
        builder.environment().put("LOG_FORMAT", "json");
        builder.environment().put("CAMEL_SERVER_PORT", String.valueOf(port));
        builder.environment().put("CAMEL_MANAGEMENT_PORT", String.valueOf(RunningDispatcher.freePort()));
        builder.environment().put("DISPATCHER_DATA_DIR", dataDir.toString());
        builder.environment().put("DISPATCHER_BROKER_EMBEDDED_LISTEN", "");
        builder.environment().put("DISPATCHER_MAIL_HOST", "127.0.0.1");
        builder.environment()
                .put("DISPATCHER_MAIL_PORT", String.valueOf(mail.getSmtp().getPort()));
        Process process = builder.start();
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> log(logFile).stream().anyMatch(l -> l.contains("bulletin-dispatcher started:")));
            HttpResponse<String> accepted = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/notices"))
                                    .header("Content-Type", "application/json")
                                    .header("Authorization", "Bearer dev-admin-token")
                                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"category": "reminder", "priority": "urgent", "title": "紧急：明日上午停电检修",
                             "body": "请提前做好准备。", "audience": {"zones": ["dongzhou-port"]}, "author": "开发区处"}
                            """, StandardCharsets.UTF_8))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            ObjectMapper json = new ObjectMapper();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> log(logFile).stream().anyMatch(l -> l.contains("\"state\":\"sent\"")));
            List<JsonNode> events = new ArrayList<>();
            for (String line : log(logFile)) {
                events.add(json.readTree(line)); // every line is one JSON object
            }
            assertThat(events)
                    .allSatisfy(e -> assertThat(e.has("level") && e.has("message") && e.has("loggerName"))
                            .isTrue());
            JsonNode sent = events.stream()
                    .filter(e ->
                            "sent".equals(e.path("contextMap").path("state").asText()))
                    .findFirst()
                    .orElseThrow();
            assertThat(sent.get("contextMap").get("zone").asText()).isEqualTo("dongzhou-port");
            assertThat(sent.get("contextMap").get("channel").asText()).isEqualTo("email");
            String bulletin = sent.get("contextMap").get("bulletin").asText();
            assertThat(events).anySatisfy(e -> {
                assertThat(e.path("contextMap").path("state").asText()).isEqualTo("fired");
                assertThat(e.path("contextMap").path("bulletin").asText()).isEqualTo(bulletin);
            });
            assertThat(mail.getReceivedMessages()).hasSize(1);
        } finally {
            process.destroyForcibly();
            mail.stop();
        }
    }

    private static List<String> log(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }
}
