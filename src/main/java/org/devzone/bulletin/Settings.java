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
        long maxRedeliveryDelayMillis) {

    static Settings from(Function<String, Optional<String>> properties) {
        Function<String, String> text = key -> properties.apply(key).map(String::strip).orElse("");
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
                number(text, "dispatcher.broker.redelivery.max-delay-ms", 60000));
    }

    boolean embeddedBroker() {
        return brokerUrl.isEmpty();
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
