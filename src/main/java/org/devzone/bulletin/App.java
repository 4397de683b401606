package org.devzone.bulletin;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.devzone.bulletin.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The command line: {@code serve} (the default) runs the dispatcher; the others are the admin's tools. */
@Command(
        name = "bulletin-dispatcher",
        mixinStandardHelpOptions = true,
        version = "bulletin-dispatcher 0.1",
        description = "Queues notices from staff and sends them to development zones on the office's weekly rhythm.",
        subcommands = {
            App.Serve.class,
            AdminCommands.ScheduleCommand.class,
            RemoteCommands.Fire.class,
            RemoteCommands.Render.class,
            RemoteCommands.Redrive.class,
            AdminCommands.Token.class,
            AdminCommands.ConfigCommand.class,
            HolidayCommands.Holidays.class
        })
public final class App implements Callable<Integer> {

    /** Exit code when a configuration file is wrong. */
    static final int CONFIG_ERROR = 2;

    @Mixin
    ConfigDir config;

    public static void main(String[] args) {
        String logFormat = System.getenv("LOG_FORMAT");
        if (logFormat != null && !logFormat.equals("text") && !logFormat.equals("json")) {
            System.err.println("LOG_FORMAT is '" + logFormat + "': it must be text (the default) or json.");
            System.exit(2);
        }
        // Before anything logs: logs go to standard error; a one-shot command logs warnings only unless asked.
        String level = System.getenv("LOG_LEVEL");
        System.setProperty(
                "bulletin.log.level",
                level != null && !level.isBlank() ? level.strip() : serving(args) ? "INFO" : "WARN");
        System.setProperty(
                "bulletin.log.detail",
                "DEBUG".equalsIgnoreCase(String.valueOf(level).strip()) ? "DEBUG" : "WARN");
        System.exit(commandLine().execute(args));
    }

    /** Whether the arguments run the dispatcher (serve, or no command) rather than a one-shot command. */
    static boolean serving(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--config") || arg.equals("-c")) {
                i++; // its value
            } else if (!arg.startsWith("-")) {
                return arg.equals("serve");
            }
        }
        return true;
    }

    public static CommandLine commandLine() {
        return new CommandLine(new App());
    }

    /** No subcommand: serve. */
    @Override
    public Integer call() throws Exception {
        return serve(config.resolve());
    }

    static int serve(Path configDir) throws Exception {
        Dispatcher dispatcher;
        try {
            dispatcher = Dispatcher.prepare(configDir, Map.of(), Clock.systemDefaultZone());
        } catch (ConfigException e) {
            printProblems(e, new PrintWriter(System.err, true));
            return CONFIG_ERROR;
        }
        try {
            return dispatcher.run();
        } catch (Exception e) {
            // Settings checked while Camel starts (several nodes, the receipt secret) fail as configuration too.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ConfigException config) {
                    printProblems(config, new PrintWriter(System.err, true));
                    return CONFIG_ERROR;
                }
            }
            throw e;
        }
    }

    private static void printProblems(ConfigException e, PrintWriter err) {
        err.println("bulletin-dispatcher cannot start: the configuration has problems.");
        e.problems().forEach(p -> err.println("  " + p));
        err.flush();
    }

    /** The admin tools' way in: the whole directory read, or every problem printed and null. */
    static LoadedConfig loadOrReport(Path dir, PrintWriter err) {
        try {
            Dispatcher.checkProperties(dir);
            return LoadedConfig.load(dir);
        } catch (ConfigException e) {
            err.println("The configuration in " + dir + " has problems:");
            e.problems().forEach(p -> err.println("  " + p));
            err.flush();
            return null;
        }
    }

    /** {@code --config DIR}, on the command or on any subcommand. */
    static final class ConfigDir {
        @Option(names = "--config", paramLabel = "DIR", description = "Configuration directory (default: config).")
        Path dir;

        /** This command's {@code --config}, else the nearest enclosing command's, else {@code config}. */
        Path resolve(ConfigDir... enclosing) {
            if (dir != null) {
                return dir;
            }
            for (ConfigDir outer : enclosing) {
                if (outer.dir != null) {
                    return outer.dir;
                }
            }
            return Path.of("config");
        }
    }

    @Command(
            name = "serve",
            mixinStandardHelpOptions = true,
            description = "Run the dispatcher until Ctrl-C (the default command).")
    static final class Serve implements Callable<Integer> {
        @ParentCommand
        App app;

        @Mixin
        ConfigDir config;

        @Override
        public Integer call() throws Exception {
            return serve(config.resolve(app.config));
        }
    }
}
