package org.devzone.bulletin;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.devzone.bulletin.config.ConfigException;

/**
 * The dispatcher's own settings from {@code application.properties}, after environment variables
 * ({@code DISPATCHER_DB_URL} for {@code dispatcher.db.url}) and system properties have overridden them, grouped by the
 * part they configure. Their defaults have one place: the shipped {@code config/application.properties}, which names
 * every setting; one missing there stops the start with its name rather than running on a value nobody wrote down.
 */
record Settings(
        String officeName,
        Path dataDir,
        Http http,
        Database database,
        Broker broker,
        Mail mail,
        Delivery delivery,
        Cadence cadence,
        Receipts receipts,
        Reports reports,
        Security security,
        Cluster cluster) {

    /** The API and pages: where they listen, and the address people use from outside (links in mails). */
    record Http(String host, int port, String publicUrl) {}

    /** The database: the embedded H2 one when {@code url} is empty. */
    record Database(String url, String user, String password, String schema, int poolSize) {

        /** Whether the database is the embedded H2 one (or any H2 URL), which several nodes cannot share. */
        boolean embedded() {
            return url.isEmpty() || url.startsWith("jdbc:h2:");
        }

        /** Whether no other process can have the database open: H2 in a file or in memory, without its server modes. */
        boolean ofThisProcessOnly() {
            return url.isEmpty()
                    || url.startsWith("jdbc:h2:")
                            && !url.startsWith("jdbc:h2:tcp:")
                            && !url.startsWith("jdbc:h2:ssl:")
                            && !url.toUpperCase(Locale.ROOT).contains("AUTO_SERVER=TRUE");
        }
    }

    /** The broker: the embedded one when {@code url} is empty; how often it brings a failed message back. */
    record Broker(
            String url,
            String user,
            String password,
            String listen,
            int redeliveries,
            long redeliveryDelayMillis,
            long maxRedeliveryDelayMillis) {

        boolean embedded() {
            return url.isEmpty();
        }
    }

    /** The SMTP server the editions go out through. */
    record Mail(
            String host,
            int port,
            String security,
            String user,
            String password,
            String from,
            int connections,
            int timeoutMillis) {}

    /** Sending: attempts and their pauses, claims, batches, chat limits and pacing. */
    record Delivery(
            int maxAttempts,
            int httpTimeoutMillis,
            int qqMaxCharacters,
            long retryDelayMillis,
            long maxRetryDelayMillis,
            long claimTimeoutMillis,
            long requeueAfterMillis,
            int emailBatch,
            int paceMarginMillis,
            int paceWaitMillis) {}

    /** Whether slots fire on schedule, and whether an urgent notice goes out as soon as it is queued. */
    record Cadence(boolean enabled, boolean urgentAtOnce) {}

    /** 公文签收: the links' secret and life, and when reminders go out. */
    record Receipts(String secret, int validDays, int remindWorkingDaysBefore, String remindAt) {}

    /** Staff reports: the slot whose sending brings the feedback digest. */
    record Reports(String feedbackDigestSlot) {}

    /** Guessing tokens: how many failures in what window block a client; whether to trust X-Forwarded-For. */
    record Security(int badTokenLimit, long badTokenWindowMillis, boolean trustForwardedFor) {}

    /** Several nodes on one database and broker. */
    record Cluster(boolean enabled, int checkinMillis, long nodeDeadAfterMillis) {}

    static Settings from(Function<String, Optional<String>> properties) {
        Reader read = new Reader(properties);
        return new Settings(
                read.nonEmpty("dispatcher.office-name"),
                Path.of(read.nonEmpty("dispatcher.data-dir")),
                new Http(
                        read.nonEmpty("camel.server.host"),
                        read.number("camel.server.port"),
                        read.text("dispatcher.public-url")),
                new Database(
                        read.text("dispatcher.db.url"),
                        read.text("dispatcher.db.user"),
                        read.text("dispatcher.db.password"),
                        read.text("dispatcher.db.schema"),
                        read.number("dispatcher.db.pool-size")),
                new Broker(
                        read.text("dispatcher.broker.url"),
                        read.text("dispatcher.broker.user"),
                        read.text("dispatcher.broker.password"),
                        read.text("dispatcher.broker.embedded.listen"),
                        read.number("dispatcher.broker.redelivery.max"),
                        read.number("dispatcher.broker.redelivery.initial-delay-ms"),
                        read.number("dispatcher.broker.redelivery.max-delay-ms")),
                new Mail(
                        read.nonEmpty("dispatcher.mail.host"),
                        read.number("dispatcher.mail.port"),
                        read.nonEmpty("dispatcher.mail.security"),
                        read.text("dispatcher.mail.user"),
                        read.text("dispatcher.mail.password"),
                        read.nonEmpty("dispatcher.mail.from"),
                        read.number("dispatcher.mail.connections"),
                        read.number("dispatcher.mail.timeout-ms")),
                new Delivery(
                        read.number("dispatcher.delivery.max-attempts"),
                        read.number("dispatcher.delivery.http-timeout-ms"),
                        read.number("dispatcher.delivery.qq-max-characters"),
                        read.number("dispatcher.delivery.retry-delay-ms"),
                        read.number("dispatcher.delivery.max-retry-delay-ms"),
                        read.number("dispatcher.delivery.claim-timeout-ms"),
                        read.number("dispatcher.delivery.requeue-after-ms"),
                        read.number("dispatcher.delivery.email-batch"),
                        read.number("dispatcher.delivery.pace-margin-ms"),
                        read.number("dispatcher.delivery.pace-wait-ms")),
                new Cadence(read.flag("dispatcher.cadence.enabled"), read.flag("dispatcher.cadence.urgent-at-once")),
                new Receipts(
                        read.text("dispatcher.receipts.secret"),
                        read.number("dispatcher.receipts.valid-days"),
                        read.number("dispatcher.receipts.remind-working-days-before"),
                        read.nonEmpty("dispatcher.receipts.remind-at")),
                new Reports(read.nonEmpty("dispatcher.reports.feedback-digest-slot")),
                new Security(
                        read.number("dispatcher.security.bad-token-limit"),
                        read.number("dispatcher.security.bad-token-window-ms"),
                        read.flag("dispatcher.http.trust-forwarded-for")),
                new Cluster(
                        read.flag("dispatcher.cluster.enabled"),
                        read.number("dispatcher.cluster.checkin-ms"),
                        read.number("dispatcher.node.dead-after-ms")));
    }

    /** Reads settings, saying which one is missing or wrong. */
    private record Reader(Function<String, Optional<String>> properties) {

        /** A setting that may be empty (no database URL: the embedded one). */
        String text(String key) {
            return properties
                    .apply(key)
                    .map(String::strip)
                    .orElseThrow(() -> ConfigException.of("application.properties: " + key + " is missing; every"
                            + " setting is in the shipped config/application.properties: copy its line from there"));
        }

        String nonEmpty(String key) {
            String value = text(key);
            if (value.isEmpty()) {
                throw ConfigException.of("application.properties: " + key + " is empty; it needs a value");
            }
            return value;
        }

        int number(String key) {
            String value = text(key);
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw ConfigException.of(
                        "application.properties: " + key + " must be a whole number, not '" + value + "'");
            }
        }

        boolean flag(String key) {
            String value = text(key);
            if (!value.equals("true") && !value.equals("false")) {
                throw ConfigException.of(
                        "application.properties: " + key + " must be true or false, not '" + value + "'");
            }
            return value.equals("true");
        }
    }
}
