package org.devzone.bulletin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
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
        Path properties = configDir.resolve("application.properties");
        if (!Files.isRegularFile(properties)) {
            throw ConfigException.of(properties + ": file not found (use --config DIR to point at a configuration directory)");
        }
        LoadedConfig config = LoadedConfig.load(configDir);
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + properties.toAbsolutePath());
        Properties overriding = new Properties();
        overriding.putAll(overrides);
        main.setOverrideProperties(overriding);
        main.configure().addConfiguration(new DispatcherConfiguration(config, clock));
        return new Dispatcher(main);
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
