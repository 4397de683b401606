package org.devzone.bulletin;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.devzone.bulletin.cadence.HolidayImport;
import org.devzone.bulletin.cadence.Occurrence;
import org.devzone.bulletin.calendar.HolidayNotice;
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
            Path holidays = dir.resolve("holidays");
            HolidayImport importer = new HolidayImport(holidays);
            HolidayImport.Checked checked;
            try {
                checked = importer.check(text, notice.toString(), loaded.schedule(), loaded.calendar());
            } catch (ConfigException e) {
                err.println("Nothing was written: the notice has problems.");
                e.problems().forEach(p -> err.println("  " + p));
                err.flush();
                return App.CONFIG_ERROR;
            }
            HolidayNotice parsed = checked.notice();
            if (dryRun) {
                out.print(checked.json());
            } else {
                Path target = importer.save(checked);
                long off =
                        parsed.days().stream().filter(HolidayNotice.Day::offDay).count();
                out.printf(
                        "Wrote %s: %d day(s) off and %d make-up working day(s) for %d. A running dispatcher picks it up"
                                + " within seconds.%n",
                        target, off, parsed.days().size() - off, parsed.year());
            }
            // With --dry-run the answer on standard output is the file alone (for jq); what moves goes to standard
            // error.
            changes(dryRun ? err : out, checked);
            out.flush();
            err.flush();
            return 0;
        }
    }

    /** The occurrences that move, as {@code schedule preview} prints them: those that go (-) and those that come (+). */
    private static void changes(PrintWriter out, HolidayImport.Checked checked) {
        if (checked.settled() > 0) {
            out.println(checked.settled() + " occurrence(s) are no longer provisional.");
        }
        if (checked.moves().isEmpty()) {
            out.println("No occurrence moves.");
            return;
        }
        List<String> changed = new ArrayList<>();
        for (HolidayImport.Move move : checked.moves()) {
            Occurrence o = move.occurrence();
            changed.add((move.gone() ? "- " : "+ ")
                    + String.format(
                            "%-10s  %-3s  %-5s  %s",
                            o.date(),
                            o.date().getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH),
                            o.time(),
                            o.slot().id()));
        }
        changed.sort((a, b) -> a.substring(2).compareTo(b.substring(2)) != 0
                ? a.substring(2).compareTo(b.substring(2))
                : a.compareTo(b));
        out.println("Occurrences that move (- no longer, + instead):");
        changed.forEach(out::println);
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
