package org.devzone.bulletin;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The dispatcher's own settings from {@code application.properties}, after environment variables
 * ({@code DISPATCHER_DB_URL} for {@code dispatcher.db.url}) and system properties have overridden them.
 */
record Settings(
        String officeName,
        Path dataDir,
        String httpHost,
        int httpPort,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String dbSchema,
        int dbPoolSize,
        String brokerUrl,
        String brokerUser,
        String brokerPassword,
        String brokerListen,
        int redeliveries,
        long redeliveryDelayMillis,
        long maxRedeliveryDelayMillis,
        String mailHost,
        int mailPort,
        String mailSecurity,
        String mailUser,
        String mailPassword,
        String mailFrom,
        int mailConnections,
        int mailTimeoutMillis,
        int deliveryMaxAttempts,
        int httpTimeoutMillis,
        int qqMaxCharacters,
        long deliveryRetryDelayMillis,
        long deliveryMaxRetryDelayMillis,
        long deliveryClaimTimeoutMillis,
        long deliveryRequeueAfterMillis,
        int deliveryEmailBatch,
        boolean urgentAtOnce,
        boolean cadenceEnabled,
        int paceMarginMillis,
        int paceWaitMillis,
        String publicUrl,
        String receiptSecret,
        int receiptValidDays,
        int remindWorkingDaysBefore,
        String remindAt,
        String feedbackDigestSlot,
        int badTokenLimit,
        long badTokenWindowMillis,
        boolean trustForwardedFor,
        boolean clusterEnabled,
        int clusterCheckinMillis,
        long nodeDeadAfterMillis) {

    static Settings from(Function<String, Optional<String>> properties) {
        Function<String, String> text =
                key -> properties.apply(key).map(String::strip).orElse("");
        return new Settings(
                text.apply("dispatcher.office-name").isEmpty() ? "开发区工作处" : text.apply("dispatcher.office-name"),
                Path.of(text.apply("dispatcher.data-dir").isEmpty() ? "data" : text.apply("dispatcher.data-dir")),
                text.apply("camel.server.host").isEmpty() ? "0.0.0.0" : text.apply("camel.server.host"),
                number(text, "camel.server.port", 8080),
                text.apply("dispatcher.db.url"),
                text.apply("dispatcher.db.user"),
                text.apply("dispatcher.db.password"),
                text.apply("dispatcher.db.schema"),
                number(text, "dispatcher.db.pool-size", 10),
                text.apply("dispatcher.broker.url"),
                text.apply("dispatcher.broker.user"),
                text.apply("dispatcher.broker.password"),
                text.apply("dispatcher.broker.embedded.listen"),
                number(text, "dispatcher.broker.redelivery.max", 12),
                number(text, "dispatcher.broker.redelivery.initial-delay-ms", 1000),
                number(text, "dispatcher.broker.redelivery.max-delay-ms", 60000),
                orDefault(text.apply("dispatcher.mail.host"), "localhost"),
                number(text, "dispatcher.mail.port", 25),
                orDefault(text.apply("dispatcher.mail.security"), "none"),
                text.apply("dispatcher.mail.user"),
                text.apply("dispatcher.mail.password"),
                orDefault(text.apply("dispatcher.mail.from"), "bulletin@localhost"),
                number(text, "dispatcher.mail.connections", 4),
                number(text, "dispatcher.mail.timeout-ms", 10000),
                number(text, "dispatcher.delivery.max-attempts", 8),
                number(text, "dispatcher.delivery.http-timeout-ms", 10000),
                number(text, "dispatcher.delivery.qq-max-characters", 1500),
                number(text, "dispatcher.delivery.retry-delay-ms", 5000),
                number(text, "dispatcher.delivery.max-retry-delay-ms", 600000),
                number(text, "dispatcher.delivery.claim-timeout-ms", 300000),
                number(text, "dispatcher.delivery.requeue-after-ms", 0),
                number(text, "dispatcher.delivery.email-batch", 50),
                !text.apply("dispatcher.cadence.urgent-at-once").equals("false"),
                !text.apply("dispatcher.cadence.enabled").equals("false"),
                number(text, "dispatcher.delivery.pace-margin-ms", 250),
                number(text, "dispatcher.delivery.pace-wait-ms", 200),
                text.apply("dispatcher.public-url"),
                text.apply("dispatcher.receipts.secret"),
                number(text, "dispatcher.receipts.valid-days", 60),
                number(text, "dispatcher.receipts.remind-working-days-before", 1),
                orDefault(text.apply("dispatcher.receipts.remind-at"), "09:00"),
                orDefault(text.apply("dispatcher.reports.feedback-digest-slot"), "midweek-news"),
                number(text, "dispatcher.security.bad-token-limit", 20),
                number(text, "dispatcher.security.bad-token-window-ms", 600000),
                text.apply("dispatcher.http.trust-forwarded-for").equals("true"),
                text.apply("dispatcher.cluster.enabled").equals("true"),
                number(text, "dispatcher.cluster.checkin-ms", 7500),
                number(text, "dispatcher.node.dead-after-ms", 30000));
    }

    boolean embeddedBroker() {
        return brokerUrl.isEmpty();
    }

    /** Whether the database is the embedded H2 one (or any H2 URL), which several nodes cannot share. */
    /** Whether no other process can have the database open: H2 in a file or in memory, without its server modes. */
    boolean databaseOfThisProcessOnly() {
        return dbUrl.isEmpty()
                || dbUrl.startsWith("jdbc:h2:")
                        && !dbUrl.startsWith("jdbc:h2:tcp:")
                        && !dbUrl.startsWith("jdbc:h2:ssl:")
                        && !dbUrl.toUpperCase(java.util.Locale.ROOT).contains("AUTO_SERVER=TRUE");
    }

    boolean embeddedDatabase() {
        return dbUrl.isEmpty() || dbUrl.startsWith("jdbc:h2:");
    }

    private static String orDefault(String value, String defaultValue) {
        return value.isEmpty() ? defaultValue : value;
    }

    private static int number(Function<String, String> text, String key, int defaultValue) {
        String value = text.apply(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + key + " must be a whole number, not '" + value + "'");
        }
    }
}
