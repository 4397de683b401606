package org.devzone.bulletin.platform;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Session;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * The parts the dispatcher runs on, in health: the database and the broker (readiness: without them nothing is stored
 * or delivered) and the mail server (informational: deliveries wait and retry while it is away).
 */
public final class InfrastructureHealthChecks {

    private InfrastructureHealthChecks() {}

    /** DOWN while the database does not answer. */
    public static final class DatabaseCheck extends DispatcherHealthCheck {
        private final DataSource dataSource;
        private final String description;

        public DatabaseCheck(DataSource dataSource, String description) {
            super("database", true);
            this.dataSource = dataSource;
            this.description = description;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            try (Connection c = dataSource.getConnection()) {
                if (c.isValid(2)) {
                    builder.up();
                } else {
                    builder.down().message("the database " + description + " does not answer");
                }
            } catch (Exception e) {
                builder.down().message("the database " + description + " cannot be reached: " + e.getMessage());
            }
        }
    }

    /**
     * DOWN while no connection to the broker can be made. A {@code failover:} URL makes a client wait for the broker
     * instead of failing, so the attempt runs on a thread of its own and is given a few seconds; while one attempt is
     * still waiting, the next report says so without starting another.
     */
    public static final class BrokerCheck extends DispatcherHealthCheck {
        private static final long ANSWER_WITHIN_MS = 3000;
        private final ConnectionFactory factory;
        private final String description;
        private final ExecutorService attempts = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "broker-health");
            thread.setDaemon(true);
            return thread;
        });
        private Future<?> pending;

        public BrokerCheck(ConnectionFactory factory, String description) {
            super("broker", true);
            this.factory = factory;
            this.description = description;
        }

        @Override
        protected synchronized void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            if (pending != null && !pending.isDone()) {
                builder.down()
                        .message("the broker (" + description + ") has not answered for more than "
                                + ANSWER_WITHIN_MS / 1000 + " s");
                return;
            }
            pending = attempts.submit(() -> {
                try (jakarta.jms.Connection connection = factory.createConnection()) {
                    connection.createSession(false, Session.AUTO_ACKNOWLEDGE).close();
                }
                return null;
            });
            try {
                pending.get(ANSWER_WITHIN_MS, TimeUnit.MILLISECONDS);
                builder.up();
            } catch (TimeoutException e) {
                builder.down()
                        .message("the broker (" + description + ") did not answer within " + ANSWER_WITHIN_MS / 1000
                                + " s");
            } catch (ExecutionException e) {
                builder.down()
                        .message("the broker (" + description + ") cannot be reached: "
                                + e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                builder.down().message("interrupted while asking the broker");
            }
        }
    }

    /** DOWN while the mail server refuses connections; informational, deliveries retry until it is back. */
    public static final class MailServerCheck extends DispatcherHealthCheck {
        private final String host;
        private final int port;

        public MailServerCheck(String host, int port) {
            super("smtp", false);
            this.host = host;
            this.port = port;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 2000);
                builder.up();
            } catch (IOException e) {
                builder.down()
                        .message("the mail server " + host + ":" + port + " cannot be reached (" + e.getMessage()
                                + "); deliveries by email wait and are retried");
            }
        }
    }
}
