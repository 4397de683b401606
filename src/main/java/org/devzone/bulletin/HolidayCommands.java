package org.devzone.bulletin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.devzone.bulletin.cadence.Occurrence;
import org.devzone.bulletin.cadence.Planner;
import org.devzone.bulletin.calendar.HolidayFile;
import org.devzone.bulletin.calendar.HolidayFilesLoader;
import org.devzone.bulletin.calendar.HolidayNotice;
import org.devzone.bulletin.calendar.WorkingCalendar;
import org.devzone.bulletin.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The admin's way to bring a new year's official calendar in: the State Council's notice, as published. */
final class HolidayCommands {

    private HolidayCommands() {}

    @Command(
            name = "holidays",
            mixinStandardHelpOptions = true,
            description = "The official working calendar.",
            subcommands = {Import.class})
    static final class Holidays {
        @ParentCommand
        App app;

        @Mixin
        App.ConfigDir config;
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = "Read the State Council's notice (国务院办公厅关于YYYY年部分节假日安排的通知, its text copied into a"
                    + " file) into holidays/YYYY.json, after checking it; print what moves in the plan.")
    static final class Import implements Callable<Integer> {
        @ParentCommand
        Holidays parent;

        @Mixin
        App.ConfigDir config;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The notice's text (UTF-8 or GB18030).")
        Path notice;

        @Option(names = "--dry-run", description = "Print the file it would write and what would move; write nothing.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path dir = config.resolve(parent.config, parent.app.config);
            LoadedConfig loaded = App.loadOrReport(dir, err);
            if (loaded == null) {
                return App.CONFIG_ERROR;
            }
            String text;
            try {
                text = read(notice);
            } catch (IOException e) {
                err.println(notice + ": cannot be read (" + e.getMessage() + ")");
                err.flush();
                return App.CONFIG_ERROR;
            }
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Path holidays = dir.resolve("holidays");
            HolidayNotice parsed;
            List<HolidayFile> after;
            String json;
            try {
                parsed = HolidayNotice.parse(text, notice.toString());
                json = mapper.writeValueAsString(parsed.json(mapper)) + "\n";
                after = withFile(holidays, parsed.year() + ".json", json);
            } catch (ConfigException e) {
                err.println("Nothing was written: the notice has problems.");
                e.problems().forEach(p -> err.println("  " + p));
                err.flush();
                return App.CONFIG_ERROR;
            }
            Path target = holidays.resolve(parsed.year() + ".json");
            if (dryRun) {
                out.print(json);
            } else {
                Files.createDirectories(holidays);
                Path temporary = Files.createTempFile(holidays, "." + parsed.year(), ".tmp");
                Files.writeString(temporary, json, StandardCharsets.UTF_8);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                long off =
                        parsed.days().stream().filter(HolidayNotice.Day::offDay).count();
                out.printf(
                        "Wrote %s: %d day(s) off and %d make-up working day(s) for %d. A running dispatcher picks it up"
                                + " within seconds.%n",
                        target, off, parsed.days().size() - off, parsed.year());
            }
            // With --dry-run the answer on standard output is the file alone (for jq); what moves goes to standard
            // error.
            PrintWriter changes = dryRun ? err : out;
            changes(
                    changes,
                    new Planner(loaded.schedule(), loaded.calendar()),
                    new Planner(loaded.schedule(), new WorkingCalendar(after)),
                    parsed.year());
            out.flush();
            err.flush();
            return 0;
        }
    }

    /** The directory's holiday files with {@code name} replaced by {@code json}, checked together. */
    private static List<HolidayFile> withFile(Path holidays, String name, String json) throws IOException {
        Path scratch = Files.createTempDirectory("holidays-import");
        try {
            if (Files.isDirectory(holidays)) {
                try (Stream<Path> files = Files.list(holidays)) {
                    for (Path file : files.filter(
                                    f -> f.getFileName().toString().endsWith(".json"))
                            .toList()) {
                        if (!file.getFileName().toString().equals(name)) {
                            Files.copy(file, scratch.resolve(file.getFileName()));
                        }
                    }
                }
            }
            Files.writeString(scratch.resolve(name), json, StandardCharsets.UTF_8);
            return HolidayFilesLoader.load(scratch).stream()
                    // problems name the file the admin will have, not the scratch copy
                    .map(f -> new HolidayFile(
                            f.source().replace(scratch.toString(), holidays.toString()),
                            f.year(),
                            f.papers(),
                            f.days()))
                    .toList();
        } finally {
            try (Stream<Path> files = Files.list(scratch)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(scratch);
        }
    }

    /** The occurrences that move, as {@code schedule preview} prints them: those that go (-) and those that come (+). */
    private static void changes(PrintWriter out, Planner before, Planner after, int year) {
        LocalDate from = LocalDate.of(year, 1, 1).minusWeeks(1);
        LocalDate to = LocalDate.of(year, 12, 31).plusWeeks(1);
        Set<String> was = rows(before.between(from, to));
        Set<String> will = rows(after.between(from, to));
        List<String> changed = new ArrayList<>();
        was.stream().filter(r -> !will.contains(r)).forEach(r -> changed.add("- " + r));
        will.stream().filter(r -> !was.contains(r)).forEach(r -> changed.add("+ " + r));
        changed.sort((a, b) -> a.substring(2).compareTo(b.substring(2)) != 0
                ? a.substring(2).compareTo(b.substring(2))
                : a.compareTo(b));
        long settled = before.between(from, to).stream()
                        .filter(Occurrence::provisional)
                        .count()
                - after.between(from, to).stream()
                        .filter(Occurrence::provisional)
                        .count();
        if (settled > 0) {
            out.println(settled + " occurrence(s) are no longer provisional.");
        }
        if (changed.isEmpty()) {
            out.println("No occurrence moves.");
            return;
        }
        out.println("Occurrences that move (- no longer, + instead):");
        changed.forEach(out::println);
    }

    private static Set<String> rows(List<Occurrence> occurrences) {
        Set<String> rows = new LinkedHashSet<>();
        for (Occurrence o : occurrences) {
            rows.add(String.format(
                    "%-10s  %-3s  %-5s  %s",
                    o.date(),
                    o.date().getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH),
                    o.time(),
                    o.slot().id()));
        }
        return rows;
    }

    /** UTF-8, or GB18030 as Chinese Windows saves text. */
    static String read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, Charset.forName("GB18030"));
        }
    }
}
