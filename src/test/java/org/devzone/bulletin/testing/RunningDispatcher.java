package org.devzone.bulletin.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.devzone.bulletin.Dispatcher;
import org.devzone.bulletin.config.ConfigException;

/**
 * The real dispatcher, booted the way {@code serve} boots it (same configuration directory, routes and beans), on a
 * free port with its own data directory, the embedded broker kept inside the JVM, and an injected clock.
 */
public final class RunningDispatcher implements AutoCloseable {

    /** Friday 2026-11-20, 10:00 in Shanghai: the tests' "now". */
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T02:00:00Z"), ZoneId.of("Asia/Shanghai"));

    private final Path dataDir;
    private final Map<String, String> overrides;
    private final boolean ownsDataDir;
    private final Clock clock;
    private final Path configDir;
    private Dispatcher dispatcher;
    private int port;
    private int managementPort;
    private GreenMail mail;

    private RunningDispatcher(
            Path dataDir, Map<String, String> overrides, boolean ownsDataDir, Clock clock, Path configDir) {
        this.dataDir = dataDir;
        this.overrides = overrides;
        this.ownsDataDir = ownsDataDir;
        this.clock = clock;
        this.configDir = configDir;
    }

    /**
     * Settings for a test that drives the dispatcher by hand: the cadence does not fire on its own, urgent notices wait
     * for the test (no sending at once, the urgent sweep hourly). {@code extra} adds to them or overrides them.
     */
    public static Map<String, String> byHand(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>();
        settings.put("dispatcher.cadence.enabled", "false");
        settings.put("dispatcher.cadence.urgent-sweep-ms", "3600000");
        settings.put("dispatcher.cadence.urgent-at-once", "false");
        settings.putAll(extra);
        return settings;
    }

    /** Starts on the embedded H2 database and broker in a fresh data directory. */
    public static RunningDispatcher start() {
        return start(Map.of());
    }

    public static RunningDispatcher start(Map<String, String> extra) {
        return start(extra, CLOCK);
    }

    /** Starts with a clock the test controls. */
    public static RunningDispatcher start(Map<String, String> extra, Clock clock) {
        return start(extra, clock, Path.of("config"));
    }

    /** Starts on another configuration directory (a copy the test edits, say). */
    public static RunningDispatcher start(Map<String, String> extra, Clock clock, Path configDir) {
        try {
            Path dataDir = Files.createTempDirectory("bulletin-test-");
            RunningDispatcher running = new RunningDispatcher(dataDir, new HashMap<>(extra), true, clock, configDir);
            try {
                running.boot();
            } catch (RuntimeException e) {
                try {
                    running.close(); // the mail server and the data directory of a start that failed
                } catch (RuntimeException alsoFailed) {
                    e.addSuppressed(alsoFailed);
                }
                throw e;
            }
            return running;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops and starts again on the same data directory, database and port, as after a restart of the service. */
    public void restart() {
        stop();
        boot();
    }

    /** Stops the service; {@link #boot()} (through restart) brings it back. */
    public void stop() {
        dispatcher.stop();
    }

    /** Starts again after {@link #stop()}. */
    public void startAgain() {
        boot();
    }

    /** A bean of the running dispatcher, for driving it directly (the cadence, say). */
    public <T> T bean(String name, Class<T> type) {
        return dispatcher.context().getRegistry().lookupByNameAndType(name, type);
    }

    private void boot() {
        boolean fresh = port == 0;
        if (fresh) {
            port = freePort();
            managementPort = freePort();
            mail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
        }
        try {
            bootOnce();
        } catch (RuntimeException e) {
            // A free port chosen here can be taken by another process before the dispatcher binds it: choose again,
            // once (a restart keeps its ports, as a real restart does).
            if (!fresh || !portTaken(e)) {
                throw e;
            }
            dispatcher.stop();
            port = freePort();
            managementPort = freePort();
            bootOnce();
        }
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException config
                    && config.problems().stream().anyMatch(p -> p.contains("cannot listen on"))) {
                return true;
            }
        }
        return false;
    }

    private void bootOnce() {
        Map<String, String> all = new HashMap<>();
        all.put("camel.server.port", String.valueOf(port));
        all.put("camel.server.host", "127.0.0.1");
        all.put("camel.management.port", String.valueOf(managementPort));
        all.put("camel.management.host", "127.0.0.1");
        all.put("dispatcher.data-dir", dataDir.toString());
        all.put("dispatcher.broker.embedded.listen", "");
        // Broker redeliveries in milliseconds, so a test sees a retried message quickly.
        all.put("dispatcher.broker.redelivery.initial-delay-ms", "50");
        all.put("dispatcher.broker.redelivery.max-delay-ms", "200");
        all.put("dispatcher.broker.redelivery.max", "3");
        // Mail goes to this dispatcher's own GreenMail server; failed deliveries are retried within a second.
        all.put("dispatcher.mail.host", "127.0.0.1");
        all.put("dispatcher.mail.port", String.valueOf(mail.getSmtp().getPort()));
        all.put("dispatcher.mail.timeout-ms", "2000");
        all.put("dispatcher.delivery.retry-delay-ms", "100");
        all.put("dispatcher.delivery.max-retry-delay-ms", "1000");
        all.putAll(overrides);
        dispatcher = Dispatcher.prepare(configDir, all, clock);
        dispatcher.start();
    }

    public Http http() {
        return new Http("http://127.0.0.1:" + port);
    }

    /** The management port's HTTP client: health under /observe/health. */
    public Http management() {
        return new Http("http://127.0.0.1:" + managementPort);
    }

    /** One check of the full health report; Camel escapes "/" in messages twice, which is undone here. */
    public JsonNode healthCheck(String name) {
        for (JsonNode check : management().get("/observe/health").json().get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no health check " + name);
    }

    /** The mails that arrived for one address, in order. */
    public List<MimeMessage> mailTo(String address) {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            try {
                if (m.getAllRecipients() != null
                        && Arrays.stream(m.getAllRecipients())
                                .anyMatch(r -> r instanceof InternetAddress a
                                        && a.getAddress().equals(address))) {
                    found.add(m);
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return found;
    }

    /** The SMTP server the dispatcher sends to (GreenMail): what arrived. */
    public GreenMail mail() {
        return mail;
    }

    public CamelContext context() {
        return dispatcher.context();
    }

    /** A client of the embedded broker, as another office system in this JVM would connect. */
    public ActiveMQConnectionFactory jms() {
        return new ActiveMQConnectionFactory("vm://bulletin?create=false");
    }

    /** Puts a text message on a queue of the embedded broker, as another office system would. */
    public void sendText(String queue, String text) {
        try (Connection connection = jms().createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
                producer.send(session.createTextMessage(text));
            }
        } catch (JMSException e) {
            throw new IllegalStateException("could not send to " + queue, e);
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        if (dispatcher != null) {
            dispatcher.stop();
        }
        if (mail != null) {
            mail.stop();
        }
        if (ownsDataDir) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temp directory is harmless
            }
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
