package org.devzone.bulletin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.devzone.bulletin.access.ApiTokens;
import org.devzone.bulletin.access.Role;
import org.devzone.bulletin.cadence.Planner;
import org.devzone.bulletin.cadence.SchedulePreview;
import org.devzone.bulletin.calendar.WorkingCalendar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The admin's tools that work on the configuration directory: {@code schedule preview}, {@code token}, {@code config check}. */
final class AdminCommands {

    private AdminCommands() {}

    @Command(
            name = "schedule",
            mixinStandardHelpOptions = true,
            description = "The bulletin schedule.",
            subcommands = {Preview.class})
    static final class ScheduleCommand {
        @ParentCommand
        App app;

        @Mixin
        App.ConfigDir config;
    }

    @Command(
            name = "preview",
            mixinStandardHelpOptions = true,
            description = "List every occurrence of every slot between two dates, with the reason when one moved.")
    static final class Preview implements Callable<Integer> {
        @ParentCommand
        ScheduleCommand schedule;

        @Mixin
        App.ConfigDir config;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--from", required = true, paramLabel = "DATE", description = "First date, YYYY-MM-DD.")
        LocalDate from;

        @Option(names = "--to", required = true, paramLabel = "DATE", description = "Last date, YYYY-MM-DD.")
        LocalDate to;

        @Option(names = "--json", description = "Print JSON rows {slot, date, time, provisional, note}.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            LoadedConfig loaded = App.loadOrReport(config.resolve(schedule.config, schedule.app.config), err);
            if (loaded == null) {
                return App.CONFIG_ERROR;
            }
            SchedulePreview preview;
            try {
                preview = new SchedulePreview(new Planner(loaded.schedule(), loaded.calendar()), from, to);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--from/--to: " + e.getMessage());
            }
            if (json) {
                preview.warnings().forEach(w -> err.println("WARNING: " + w));
                out.println(new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(preview.json(new ObjectMapper())));
            } else {
                out.print(preview.table());
            }
            out.flush();
            err.flush();
            return 0;
        }
    }

    @Command(
            name = "token",
            mixinStandardHelpOptions = true,
            description = "Mint an API token: prints the token (hand it over once) and the lines to add to"
                    + " config/tokens.yaml, which keeps only its SHA-256 hash.")
    static final class Token implements Callable<Integer> {
        @ParentCommand
        App app;

        @Mixin
        App.ConfigDir config;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--role",
                paramLabel = "ROLE",
                description = "admin, staff or zone (default: zone with --zone).")
        String role;

        @Option(names = "--zone", paramLabel = "ZONE", description = "For a zone's token: the zone id from zones.yaml.")
        String zone;

        @Option(names = "--name", paramLabel = "NAME", description = "Who holds it (default: the zone id or the role).")
        String name;

        @Override
        public Integer call() {
            String chosen = role != null ? role : zone != null ? "zone" : null;
            if (chosen == null || !Role.BY_NAME.containsKey(chosen) || chosen.equals("zone") != (zone != null)) {
                spec.commandLine().getErr().println("Give --role admin|staff, or --zone ZONE for a zone's token.");
                spec.commandLine().getErr().flush();
                return CommandLine.ExitCode.USAGE;
            }
            if (zone != null) {
                Path dir = config.resolve(app.config);
                LoadedConfig loaded = App.loadOrReport(dir, spec.commandLine().getErr());
                if (loaded == null) {
                    return App.CONFIG_ERROR;
                }
                if (loaded.zones().find(zone).isEmpty()) {
                    spec.commandLine()
                            .getErr()
                            .println("No zone '" + zone + "' in " + dir.resolve("zones.yaml")
                                    + "; a zone's token is for one of its zones (ids such as "
                                    + String.join(
                                            ", ",
                                            loaded.zones().zones().stream()
                                                    .limit(3)
                                                    .map(z -> z.id())
                                                    .toList())
                                    + ").");
                    spec.commandLine().getErr().flush();
                    return CommandLine.ExitCode.USAGE;
                }
            }
            String token = ApiTokens.mint();
            String hash = HexFormat.of().formatHex(ApiTokens.sha256(token));
            PrintWriter out = spec.commandLine().getOut();
            out.println("token (shown once; hand it over now): " + token);
            out.println();
            out.println("add to config/tokens.yaml under 'tokens:':");
            out.println("  - name: " + (name != null ? name : zone != null ? zone : chosen));
            out.println("    role: " + chosen);
            if (zone != null) {
                out.println("    zone: " + zone);
            }
            out.println("    sha256: " + hash);
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "config",
            mixinStandardHelpOptions = true,
            description = "The configuration directory.",
            subcommands = {Check.class})
    static final class ConfigCommand {
        @ParentCommand
        App app;

        @Mixin
        App.ConfigDir config;
    }

    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = "Validate everything in the configuration directory; print each problem with file and line.")
    static final class Check implements Callable<Integer> {
        @ParentCommand
        ConfigCommand parent;

        @Mixin
        App.ConfigDir config;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Path dir = config.resolve(parent.config, parent.app.config);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            LoadedConfig loaded = App.loadOrReport(dir, err);
            if (loaded == null) {
                return App.CONFIG_ERROR;
            }
            int port = Dispatcher.setting(dir, "camel.server.port", System::getenv)
                    .filter(p -> p.matches("[0-9]{1,5}"))
                    .map(Integer::parseInt)
                    .orElse(8080);
            SetupWarnings.of(
                            loaded,
                            loaded.channels().unconfigured(System::getenv),
                            Dispatcher.setting(dir, "dispatcher.public-url", System::getenv)
                                    .orElse(""),
                            port)
                    .forEach(w -> out.println("WARNING: " + w.english()));
            LocalDate today = LocalDate.now(loaded.schedule().timeZone());
            LocalDate ahead = today.plusDays(DispatcherConfiguration.CALENDAR_LOOKAHEAD_DAYS);
            loaded.calendar()
                    .firstUncoveredYear(today, ahead)
                    .ifPresent(year -> out.println("WARNING: " + WorkingCalendar.missingYear(year)));
            loaded.calendar()
                    .standing(today.getYear(), ahead.getYear())
                    .forEach(line -> out.println("calendar " + line));
            out.printf(
                    "%s is valid: %d zones, %d channels, %d slots.%n",
                    dir,
                    loaded.zones().zones().size(),
                    loaded.channels().all().size(),
                    loaded.schedule().slots().size());
            out.flush();
            return 0;
        }
    }
}
