package org.devzone.bulletin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.devzone.bulletin.access.ApiTokens;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The commands that act through the running dispatcher's API ({@code fire}, {@code render}, {@code redrive}): the
 * embedded database belongs to that process. They find it where the configuration says it listens, wait a bounded
 * time, and say plainly what failed.
 */
final class RemoteCommands {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private RemoteCommands() {}

    /** Where the running dispatcher is and how long to wait for it: --url, --timeout, --config. */
    static final class Target {
        @Option(
                names = "--url",
                paramLabel = "URL",
                description = "The running dispatcher (default: http://localhost:PORT,"
                        + " PORT being camel.server.port of the configuration, or CAMEL_SERVER_PORT).")
        URI url;

        @Option(
                names = "--timeout",
                paramLabel = "SECONDS",
                defaultValue = "60",
                description = "How long to wait for the answer (default: ${DEFAULT-VALUE} s).")
        int timeoutSeconds;

        @Mixin
        App.ConfigDir config;

        Client client(App app, PrintWriter err) {
            Path dir = config.resolve(app.config);
            return new Client(
                    url != null ? url : defaultUrl(dir, System::getenv),
                    Duration.ofSeconds(Math.max(1, timeoutSeconds)),
                    url == null,
                    err);
        }
    }

    /** The address a dispatcher started from {@code configDir} listens on, as seen from this machine. */
    static URI defaultUrl(Path configDir, UnaryOperator<String> environment) {
        String port =
                Dispatcher.setting(configDir, "camel.server.port", environment).orElse("8080");
        String host = Dispatcher.setting(configDir, "camel.server.host", environment)
                .filter(h -> !h.equals("0.0.0.0") && !h.equals("::") && !h.equals("[::]"))
                .map(h -> h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h)
                .orElse("localhost");
        return URI.create("http://" + host + ":" + port);
    }

    /** Calls the API with the token from {@code DISPATCHER_TOKEN}; null, with the reason printed, when it fails. */
    static final class Client {
        private final URI url;
        private final Duration timeout;
        private final boolean guessed;
        private final PrintWriter err;

        Client(URI url, Duration timeout, boolean guessed, PrintWriter err) {
            this.url = url;
            this.timeout = timeout;
            this.guessed = guessed;
            this.err = err;
        }

        HttpResponse<String> call(String method, String path) {
            HttpResponse<String> response;
            // On embedded defaults the README's development token; otherwise the one in DISPATCHER_TOKEN.
            String token = System.getenv().getOrDefault("DISPATCHER_TOKEN", ApiTokens.DEVELOPMENT_TOKEN);
            HttpClient http =
                    HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
            try {
                response = http.send(
                        HttpRequest.newBuilder(url.resolve(path))
                                .timeout(timeout)
                                .header("Authorization", "Bearer " + token)
                                .method(method, HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (HttpConnectTimeoutException e) {
                return failed(
                        "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s (a firewall, or the wrong host?)");
            } catch (HttpTimeoutException e) {
                return failed("it accepted the connection but did not answer within " + timeout.toSeconds()
                        + " s; it may be busy (try again, or a longer --timeout) or it is not the dispatcher");
            } catch (ConnectException e) {
                return failed(
                        "nothing is listening there (connection refused); start the dispatcher, or check the address");
            } catch (IOException e) {
                return failed(
                        e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed("interrupted");
            }
            if (response.statusCode() >= 400) {
                try {
                    JsonNode problem = new ObjectMapper().readTree(response.body());
                    err.println(problem.path("title").asText() + ": "
                            + problem.path("detail").asText());
                    problem.path("errors")
                            .forEach(e -> err.println("  " + e.path("field").asText() + ": "
                                    + e.path("message").asText()));
                    if (response.statusCode() == 401 || response.statusCode() == 403) {
                        err.println("Set DISPATCHER_TOKEN to a staff token (an admin one for redrive); mint one with"
                                + " 'token --role staff'.");
                    }
                } catch (IOException e) {
                    err.println("The service at " + url + " answered HTTP " + response.statusCode()
                            + " and is not the dispatcher's API; name the dispatcher with --url.");
                }
                err.flush();
                return null;
            }
            return response;
        }

        private HttpResponse<String> failed(String why) {
            err.println("Cannot reach the dispatcher at " + url + ": " + why + "."
                    + (guessed
                            ? " The address comes from camel.server.port in the configuration; use --url to name another."
                            : ""));
            err.flush();
            return null;
        }
    }

    /** A slot's occurrence on the running dispatcher: SLOT, --date. */
    static final class Occurrence {
        @CommandLine.Parameters(
                paramLabel = "SLOT",
                description = "Slot id from schedule.yaml, for example friday-reminders.")
        String slot;

        @Option(
                names = "--date",
                paramLabel = "DATE",
                description = "The occurrence's date, YYYY-MM-DD (default: today).")
        LocalDate date;
    }

    @Command(
            name = "fire",
            mixinStandardHelpOptions = true,
            description =
                    "Fire a slot's occurrence now on the running dispatcher (idempotent: an occurrence that already"
                            + " has its bulletin is not fired again).")
    static final class Fire implements Callable<Integer> {
        @ParentCommand
        App app;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Occurrence occurrence;

        @Mixin
        Target target;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            HttpResponse<String> response = target.client(
                            app, spec.commandLine().getErr())
                    .call(
                            "POST",
                            "/api/slots/" + encode(occurrence.slot) + "/fire"
                                    + (occurrence.date == null ? "" : "?date=" + occurrence.date));
            if (response == null) {
                return 1;
            }
            JsonNode body = new ObjectMapper().readTree(response.body());
            out.printf(
                    "%s bulletin %s: %s on %s, %d notice(s) in %d edition(s), %s%n",
                    response.statusCode() == 201 ? "Fired" : "Already fired,",
                    body.path("id").asText(),
                    body.path("slot").asText(),
                    body.path("date").asText(),
                    body.path("noticeCount").asInt(),
                    body.path("editionCount").asInt(),
                    body.path("status").asText());
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "render",
            mixinStandardHelpOptions = true,
            description = "Print one zone's edition of a slot's occurrence as the running dispatcher would assemble it,"
                    + " without sending anything (for an occurrence that fired: what it sent).")
    static final class Render implements Callable<Integer> {
        @ParentCommand
        App app;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Occurrence occurrence;

        @Mixin
        Target target;

        @Option(names = "--zone", required = true, paramLabel = "ZONE", description = "Zone id from zones.yaml.")
        String zone;

        @Option(
                names = "--form",
                paramLabel = "FORM",
                defaultValue = "email.txt",
                description = "email.txt (default), email.html, chat.md or chat.txt.")
        String form;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            HttpResponse<String> response = target.client(
                            app, spec.commandLine().getErr())
                    .call(
                            "GET",
                            "/api/slots/"
                                    + encode(occurrence.slot) + "/render?zone=" + encode(zone) + "&form=" + encode(form)
                                    + (occurrence.date == null ? "" : "&date=" + occurrence.date));
            if (response == null) {
                return 1;
            }
            out.print(response.body());
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "redrive",
            mixinStandardHelpOptions = true,
            description = "Send dead deliveries again on the running dispatcher (never one that was sent).")
    static final class Redrive implements Callable<Integer> {
        @ParentCommand
        App app;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Target target;

        @Option(names = "--bulletin", paramLabel = "ID", description = "Only this bulletin's deliveries.")
        String bulletin;

        @Option(names = "--channel", paramLabel = "CHANNEL", description = "Only this channel (email, ...).")
        String channel;

        @Option(
                names = "--status",
                paramLabel = "STATUS",
                defaultValue = "dead",
                description = "dead (default) or retrying (stuck deliveries).")
        String status;

        @Override
        public Integer call() throws Exception {
            StringBuilder query = new StringBuilder("?status=").append(encode(status));
            if (bulletin != null) {
                query.append("&bulletin=").append(encode(bulletin));
            }
            if (channel != null) {
                query.append("&channel=").append(encode(channel));
            }
            HttpResponse<String> response =
                    target.client(app, spec.commandLine().getErr()).call("POST", "/api/deliveries/redrive" + query);
            if (response == null) {
                return 1;
            }
            int count = new ObjectMapper()
                    .readTree(response.body())
                    .path("redriven")
                    .asInt();
            spec.commandLine().getOut().printf("%d deliveries queued to be sent again%n", count);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
