package org.devzone.bulletin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.devzone.bulletin.testing.ConfigCopy;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as an admin uses it. */
class AppTest {

    @TempDir
    Path dir;

    @Test
    void helpListsTheServeCommandAndTheConfigOption() {
        StringWriter out = new StringWriter();
        CommandLine cli = App.commandLine().setOut(new PrintWriter(out));

        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("serve").contains("--config=DIR");
    }

    @Test
    void aBrokenZoneDirectoryStopsTheStartWithFileAndLine() throws Exception {
        ConfigCopy.into(dir);
        Files.writeString(
                dir.resolve("zones.yaml"),
                Files.readString(Path.of("config/zones.yaml"))
                        .replaceFirst("    tier: national", "    tier: nationl")
                        .replace("email: sun.lihua@nangang-bonded.example.org", "email: sun.lihua@"));

        String[] err = new String[1];
        int code = withStderr(err, () -> App.commandLine().execute("serve", "--config", dir.toString()));

        assertThat(code).isEqualTo(App.CONFIG_ERROR);
        assertThat(err[0])
                .contains("bulletin-dispatcher cannot start: the configuration has problems.")
                .contains(dir.resolve("zones.yaml") + ":8: zone 'dongzhou-etdz', field 'tier': unknown tier 'nationl'")
                .contains(
                        "zone 'nangang-bonded', contacts[0], field 'email': 'sun.lihua@' is not a valid email address");
    }

    @Test
    void aMissingConfigurationDirectoryIsNamed() throws Exception {
        String[] err = new String[1];
        int code = withStderr(
                err,
                () -> App.commandLine()
                        .execute("--config", dir.resolve("nowhere").toString()));

        assertThat(code).isEqualTo(App.CONFIG_ERROR);
        assertThat(err[0]).contains(dir.resolve("nowhere").resolve("application.properties") + ": file not found");
    }

    /**
     * The shipped application.properties names every setting, and is the one place of their defaults: a line an admin
     * deleted, or a value that is not one, stops the start and names the setting.
     */
    @Test
    void aSettingMissingOrWrongInApplicationPropertiesStopsTheStartAndIsNamed() throws Exception {
        ConfigCopy.into(dir);
        Path properties = dir.resolve("application.properties");
        String shipped = Files.readString(properties);
        Files.writeString(properties, shipped.replaceFirst("(?m)^dispatcher\\.mail\\.port=.*\\R", ""));

        String[] err = new String[1];
        int code = withStderr(err, () -> App.commandLine().execute("serve", "--config", dir.toString()));

        assertThat(code).isEqualTo(App.CONFIG_ERROR);
        assertThat(err[0]).contains("dispatcher.mail.port is missing").contains("copy its line from there");

        Files.writeString(
                properties,
                shipped.replaceFirst(
                        "(?m)^dispatcher\\.delivery\\.email-batch=.*$", "dispatcher.delivery.email-batch=fifty"));
        code = withStderr(err, () -> App.commandLine().execute("serve", "--config", dir.toString()));

        assertThat(code).isEqualTo(App.CONFIG_ERROR);
        assertThat(err[0]).contains("dispatcher.delivery.email-batch must be a whole number, not 'fifty'");
    }

    /** A node that cannot listen on its port would run without API or health while taking deliveries: it stops. */
    @Test
    void aPortInUseStopsTheStartAndSaysWhich() throws Exception {
        ConfigCopy.into(dir);
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Map<String, String> props = Map.of(
                    "camel.server.host",
                    "127.0.0.1",
                    "camel.server.port",
                    String.valueOf(taken.getLocalPort()),
                    "camel.management.port",
                    String.valueOf(RunningDispatcher.freePort()),
                    "dispatcher.data-dir",
                    dir.resolve("data").toString(),
                    "dispatcher.broker.embedded.listen",
                    "");
            props.forEach(System::setProperty);
            try {
                String[] err = new String[1];
                int code = Assertions.assertTimeoutPreemptively(
                        Duration.ofSeconds(90),
                        () -> withStderr(err, () -> App.commandLine().execute("serve", "--config", dir.toString())));
                assertThat(code).isEqualTo(App.CONFIG_ERROR);
                assertThat(err[0]).contains("camel.server.port: cannot listen on 127.0.0.1:" + taken.getLocalPort());
            } finally {
                props.keySet().forEach(System::clearProperty);
            }
        }
    }

    private static int withStderr(String[] captured, Callable<Integer> action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            return action.call();
        } finally {
            System.setErr(original);
            captured[0] = buffer.toString(StandardCharsets.UTF_8);
        }
    }
}
