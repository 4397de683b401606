package org.devzone.bulletin;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.Main;
import org.devzone.bulletin.config.ConfigException;

/**
 * One dispatcher: its configuration directory read and validated, then Camel Main with the YAML routes. The CLI runs
 * it until Ctrl-C; tests start and stop it with overrides (ports, data directory, clock).
 */
public final class Dispatcher {

    private final Main main;

    private Dispatcher(Main main) {
        this.main = main;
    }

    /**
     * @param configDir the directory holding {@code application.properties}, {@code zones.yaml} and the others
     * @param overrides properties that win over the file, the environment and system properties
     * @throws ConfigException when a configuration file is wrong; nothing has started then
     */
    public static Dispatcher prepare(Path configDir, Map<String, String> overrides, Clock clock) {
        return prepare(configDir, overrides, clock, System::getenv);
    }

    static Dispatcher prepare(
            Path configDir, Map<String, String> overrides, Clock clock, UnaryOperator<String> environment) {
        Path properties = checkProperties(configDir);
        checkRoutes(configDir, environment);
        LoadedConfig config = LoadedConfig.load(configDir);
        Main main = new Main() {
            @Override
            protected CamelContext createCamelContext() {
                CamelContext context = super.createCamelContext();
                // application.properties holds Chinese (the office's name): read it as UTF-8, not ISO-8859-1.
                ((PropertiesComponent) context.getPropertiesComponent()).setEncoding("UTF-8");
                return context;
            }
        };
        main.setPropertyPlaceholderLocations("file:" + properties.toAbsolutePath());
        Properties overriding = fromEnvironment(properties, environment);
        overriding.putAll(overrides);
        main.setOverrideProperties(overriding);
        main.configure().addConfiguration(new DispatcherConfiguration(config, clock));
        return new Dispatcher(main);
    }

    /**
     * The routes are read from a directory relative to where the dispatcher is started ({@code routes/}); started
     * elsewhere, say so in one line rather than with Camel's stack trace.
     */
    static void checkRoutes(Path configDir, UnaryOperator<String> environment) {
        String pattern = setting(configDir, "camel.main.routesIncludePattern", environment)
                .orElse("");
        for (String part : pattern.split(",")) {
            String location = part.strip();
            if (location.startsWith("file:")) {
                Path directory = Path.of(location.substring("file:".length())).getParent();
                if (directory != null && !Files.isDirectory(directory)) {
                    throw ConfigException.of(
                            directory.toAbsolutePath().normalize() + ": the routes directory is missing;"
                                    + " start the dispatcher in the directory that holds routes/ and config/ (the project's),"
                                    + " or set camel.main.routesIncludePattern");
                }
            }
        }
    }

    /** The directory's {@code application.properties}, which must exist. */
    static Path checkProperties(Path configDir) {
        Path properties = configDir.resolve("application.properties");
        if (!Files.isRegularFile(properties)) {
            throw ConfigException.of(
                    properties + ": file not found (use --config DIR to point at a configuration directory)");
        }
        return properties;
    }

    /**
     * One setting as the dispatcher started from {@code configDir} would read it (system property, then environment,
     * then the file); empty when the file does not set it or cannot be read.
     */
    static Optional<String> setting(Path configDir, String key, UnaryOperator<String> environment) {
        try {
            Path file = checkProperties(configDir);
            Properties merged = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                merged.load(reader);
            }
            merged.putAll(fromEnvironment(file, environment));
            return Optional.ofNullable(merged.getProperty(key))
                    .map(String::strip)
                    .filter(v -> !v.isEmpty());
        } catch (ConfigException | IOException e) {
            return Optional.empty();
        }
    }

    /**
     * For every key of {@code application.properties}, a system property of the same name or an environment variable
     * named like it ({@code camel.server.port} -> {@code CAMEL_SERVER_PORT}) wins over the file. Camel Main alone maps
     * the environment only for some of its own prefixes, and not for the HTTP server's.
     */
    private static Properties fromEnvironment(Path file, UnaryOperator<String> environment) {
        Properties fileProperties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            fileProperties.load(reader);
        } catch (IOException e) {
            throw ConfigException.of(file + ": cannot be read (" + e.getMessage() + ")");
        }
        Properties overriding = new Properties();
        for (String key : fileProperties.stringPropertyNames()) {
            String value = System.getProperty(key);
            if (value == null) {
                value = environment.apply(
                        key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            }
            if (value != null) {
                overriding.setProperty(key, value);
            }
        }
        return overriding;
    }

    /** Runs until the JVM is asked to stop (Ctrl-C, SIGTERM), then shuts down gracefully. */
    public int run() throws Exception {
        main.run();
        return main.getExitCode();
    }

    public void start() {
        main.start();
    }

    public void stop() {
        main.stop();
    }

    public CamelContext context() {
        return main.getCamelContext();
    }
}
