package org.devzone.bulletin;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.devzone.bulletin.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line: {@code serve} (the default) runs the dispatcher; later features add their commands here. */
@Command(
        name = "bulletin-dispatcher",
        mixinStandardHelpOptions = true,
        version = "bulletin-dispatcher 0.1",
        description = "Queues notices from staff and sends them to development zones on the office's weekly rhythm.",
        subcommands = {App.Serve.class})
public final class App implements Callable<Integer> {

    /** Exit code when a configuration file is wrong. */
    static final int CONFIG_ERROR = 2;

    @Option(names = "--config", paramLabel = "DIR", defaultValue = "config",
            description = "Configuration directory (default: ${DEFAULT-VALUE}).")
    Path configDir;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new App()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** No subcommand: serve. */
    @Override
    public Integer call() throws Exception {
        return serve(configDir);
    }

    static int serve(Path configDir) throws Exception {
        Dispatcher dispatcher;
        try {
            dispatcher = Dispatcher.prepare(configDir, Map.of(), Clock.systemDefaultZone());
        } catch (ConfigException e) {
            System.err.println("bulletin-dispatcher cannot start: the configuration has problems.");
            e.problems().forEach(p -> System.err.println("  " + p));
            return CONFIG_ERROR;
        }
        return dispatcher.run();
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Run the dispatcher until Ctrl-C (the default command).")
    static final class Serve implements Callable<Integer> {

        @CommandLine.ParentCommand
        App parent;

        @Option(names = "--config", paramLabel = "DIR", description = "Configuration directory (default: config).")
        Path configDir;

        @Override
        public Integer call() throws Exception {
            return serve(configDir != null ? configDir : parent.configDir);
        }
    }
}
