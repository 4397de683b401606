package org.devzone.bulletin.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.devzone.bulletin.testing.ConfigCopy;
import org.devzone.bulletin.testing.Postgres;
import org.devzone.bulletin.testing.Processes;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.ZoneDirectories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two dispatcher nodes, each a JVM of its own from the packaged jar, on the machine's PostgreSQL and a standalone
 * ActiveMQ broker in a third JVM, mailing to GreenMail in this one. Faults are real: {@code kill -9} of a node, the
 * broker stopped and started again. What counts is what arrived at the SMTP server and what the ledger says.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    /** One urgent notice to every zone of a directory of this many, one address each. */
    private static final int ZONES = 2_000;
    /** JMS consumers per node: at most this many batches are in hand on a node when it dies. */
    private static final int CONSUMERS = 4;
    /** The shipped dispatcher.delivery.email-batch: a batch's sent mails are recorded together after its last. */
    private static final int EMAIL_BATCH = 50;

    @TempDir
    Path dir;

    private Postgres postgres;
    private GreenMail mail;
    private int brokerPort;
    private Processes.Jvm broker;
    private Path config;
    private final Map<String, Processes.Jvm> nodes = new HashMap<>();
    private final Map<String, Integer> httpPorts = new HashMap<>();
    private final Map<String, Integer> managementPorts = new HashMap<>();

    @BeforeEach
    void startBrokerAndMailServer() throws Exception {
        // A killed node's SMTP connections end with a reset, which GreenMail reports on its own threads: not a failure.
        Awaitility.doNotCatchUncaughtExceptionsByDefault();
        postgres = Postgres.freshSchema();
        mail = new GreenMail(new ServerSetup(RunningDispatcher.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        brokerPort = RunningDispatcher.freePort();
        broker = Processes.broker(brokerPort, dir.resolve("broker"), dir.resolve("broker.log"))
                .start("broker started", Duration.ofSeconds(60));
        config = ConfigCopy.into(dir.resolve("config"));
        ZoneDirectories.write(config.resolve("zones.yaml"), ZONES);
    }

    @AfterEach
    void stopEverything(TestInfo test) throws Exception {
        Awaitility.reset();
        nodes.values().forEach(Processes.Jvm::close);
        // The JVMs' logs outlive the run, for reading after a failure.
        Path logs = Path.of(
                "target", "cluster-logs", test.getTestMethod().orElseThrow().getName());
        Files.createDirectories(logs);
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                Files.copy(log, logs.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (broker != null) {
            broker.close();
        }
        if (mail != null) {
            mail.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(2)
    void aNodeKilledMidFanOutLosesNothingAndRepeatsAtMostItsSendsInFlight() throws Exception {
        node("a");
        node("b");
        String bulletin = urgentToAll("a");
        await().atMost(Duration.ofSeconds(120)).until(() -> mail.getReceivedMessages().length >= 300);
        int before = mail.getReceivedMessages().length;
        nodes.get("a").kill();
        System.out.printf("node a killed (kill -9) after %d of %d mails arrived%n", before, ZONES);

        await().atMost(Duration.ofSeconds(180)).until(() -> ledger(bulletin).getOrDefault("sent", 0L) == ZONES);
        node("a"); // and back: it finds nothing left to do
        Map<String, Long> ledger = ledger(bulletin);
        Figures figures = figures(bulletin);
        System.out.println("kill -9 during fan-out: " + figures + ", ledger " + ledger);
        assertThat(ledger).containsExactly(Map.entry("sent", (long) ZONES));
        assertThat(figures.distinct).isEqualTo(ZONES);
        assertThat(figures.addresses).isEqualTo(ZONES);
        assertThat(figures.duplicates).isLessThanOrEqualTo(CONSUMERS * EMAIL_BATCH);
        // Both nodes read the same ledger: the same answer from either.
        String fromA = get("a", "/api/bulletins/" + bulletin);
        assertThat(fromA).contains("\"sent\":" + ZONES);
        assertThat(get("b", "/api/bulletins/" + bulletin)).isEqualTo(fromA);
    }

    private String get(String node, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts.get(node) + path))
                                .header("Authorization", "Bearer dev-admin-token")
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .body();
    }

    @Test
    @Order(1)
    void theBrokerStoppedAndStartedAgainDuringAFanOutLosesNothing() throws Exception {
        node("a");
        node("b");
        String bulletin = urgentToAll("b");
        await().atMost(Duration.ofSeconds(120)).until(() -> mail.getReceivedMessages().length >= 300);
        broker.stop();
        int during = mail.getReceivedMessages().length;
        broker.start("broker started", Duration.ofSeconds(60));
        System.out.printf("broker stopped and started again after %d of %d mails arrived%n", during, ZONES);

        await().atMost(Duration.ofSeconds(180)).until(() -> ledger(bulletin).getOrDefault("sent", 0L) == ZONES);
        Map<String, Long> ledger = ledger(bulletin);
        Figures figures = figures(bulletin);
        System.out.println("broker restart during fan-out: " + figures + ", ledger " + ledger);
        assertThat(ledger).containsExactly(Map.entry("sent", (long) ZONES));
        assertThat(figures.distinct).isEqualTo(ZONES);
        assertThat(figures.addresses).isEqualTo(ZONES);
        assertThat(figures.duplicates).isLessThanOrEqualTo(2 * CONSUMERS);
    }

    private void node(String name) {
        int http = httpPorts.computeIfAbsent(name, n -> RunningDispatcher.freePort());
        int management = managementPorts.computeIfAbsent(name, n -> RunningDispatcher.freePort());
        Map<String, String> env = new HashMap<>();
        env.put("DISPATCHER_CLUSTER_ENABLED", "true");
        env.put("DISPATCHER_CLUSTER_CHECKIN_MS", "2000");
        env.put("DISPATCHER_RECEIPTS_SECRET", "one-secret-for-every-node");
        env.put("DISPATCHER_DB_URL", Postgres.URL);
        env.put("DISPATCHER_DB_USER", Postgres.USER);
        env.put("DISPATCHER_DB_SCHEMA", postgres.schema());
        env.put(
                "DISPATCHER_BROKER_URL",
                "failover:(tcp://127.0.0.1:" + brokerPort + ")?initialReconnectDelay=100&maxReconnectDelay=1000");
        env.put("DISPATCHER_DATA_DIR", dir.resolve("node-" + name).toString());
        env.put("CAMEL_SERVER_HOST", "127.0.0.1");
        env.put("CAMEL_SERVER_PORT", String.valueOf(http));
        env.put("CAMEL_MANAGEMENT_HOST", "127.0.0.1");
        env.put("CAMEL_MANAGEMENT_PORT", String.valueOf(management));
        env.put("DISPATCHER_MAIL_HOST", "127.0.0.1");
        env.put("DISPATCHER_MAIL_PORT", String.valueOf(mail.getSmtp().getPort()));
        env.put("DISPATCHER_DELIVERY_CONSUMERS", String.valueOf(CONSUMERS));
        env.put("DISPATCHER_DELIVERY_RETRY_DELAY_MS", "200");
        env.put("DISPATCHER_DELIVERY_MAX_RETRY_DELAY_MS", "2000");
        // A dead node's claims are taken back after 5 s, its never-queued deliveries after 15 s.
        env.put("DISPATCHER_DELIVERY_CLAIM_TIMEOUT_MS", "5000");
        env.put("DISPATCHER_DELIVERY_REQUEUE_AFTER_MS", "15000");
        env.put("DISPATCHER_DELIVERY_SWEEP_MS", "1000");
        env.put("DISPATCHER_CADENCE_URGENT_SWEEP_MS", "500");
        Processes.Jvm jvm = Processes.dispatcher(
                "node " + name, env, dir.resolve("node-" + name + ".log"), "serve", "--config", config.toString());
        nodes.put(name, jvm.start("bulletin-dispatcher started:", Duration.ofSeconds(90)));
    }

    /** Queues an urgent notice for every zone on one node; answers the id of the bulletin it became. */
    private String urgentToAll(String node) throws Exception {
        HttpResponse<String> queued = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts.get(node) + "/api/notices"))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer dev-admin-token")
                                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"category": "reminder", "priority": "urgent", "title": "紧急通知：明日上午全省视频会议",
                         "body": "请各开发区准时参加。", "audience": {"all": true}, "author": "开发区处"}
                        """, StandardCharsets.UTF_8))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        !sql("SELECT id FROM bulletin WHERE kind = 'urgent'").isEmpty());
        List<String> bulletins = sql("SELECT id FROM bulletin WHERE kind = 'urgent'");
        assertThat(bulletins).hasSize(1);
        return bulletins.get(0);
    }

    /** The bulletin's deliveries by status, as the API of node b (alive throughout) answers them. */
    private Map<String, Long> ledger(String bulletin) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        new ObjectMapper()
                .readTree(get("b", "/api/bulletins/" + bulletin))
                .path("deliveries")
                .path("email")
                .properties()
                .forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }

    private List<String> sql(String query) throws Exception {
        try (Connection c = DriverManager.getConnection(Postgres.URL, Postgres.USER, "");
                Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + postgres.schema());
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(query)) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }

    /** What the SMTP server received: mails, distinct Message-IDs, distinct recipients, repeats. */
    private record Figures(int expected, int received, int distinct, int addresses, int duplicates) {
        @Override
        public String toString() {
            return "expected " + expected + ", received " + received + ", distinct " + distinct + ", recipients "
                    + addresses + ", duplicates " + duplicates;
        }
    }

    /** Only the bulletin's own mails count (a scheduled bulletin may go out too if the test runs on a weekday). */
    private Figures figures(String bulletin) throws Exception {
        Set<String> ours = new HashSet<>();
        for (String id : sql("SELECT id FROM delivery WHERE bulletin_id = '" + bulletin + "'")) {
            ours.add("<" + id + "@bulletin-dispatcher>");
        }
        int received = 0;
        Set<String> ids = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (ours.contains(m.getMessageID())) {
                received++;
                ids.add(m.getMessageID());
                addresses.add(m.getAllRecipients()[0].toString());
            }
        }
        return new Figures(ZONES, received, ids.size(), addresses.size(), received - ids.size());
    }
}
