package org.devzone.bulletin.testing;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.devzone.bulletin.App;

/** A copy of the shipped config/ directory for a test to edit. */
public final class ConfigCopy {

    private ConfigCopy() {}

    /**
     * Mints a token with the {@code token} command, as an admin would ({@code --role staff --name 李华}), adds it to
     * the copy's tokens.yaml, and answers the token itself.
     */
    public static String mintToken(Path config, String... args) throws IOException {
        StringWriter out = new StringWriter();
        String[] command = new String[args.length + 1];
        command[0] = "token";
        System.arraycopy(args, 0, command, 1, args.length);
        if (App.commandLine().setOut(new PrintWriter(out)).execute(command) != 0) {
            throw new IllegalStateException("token " + String.join(" ", args) + " failed: " + out);
        }
        String printed = out.toString();
        Files.writeString(
                config.resolve("tokens.yaml"),
                printed.substring(printed.indexOf("  - name:")),
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        return printed.lines().findFirst().orElseThrow().replaceAll("^.*: ", "");
    }

    public static Path into(Path target) throws IOException {
        Path source = Path.of("config");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }
}
