package org.devzone.bulletin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An admin overrides application.properties with environment variables, as documented there. */
class EnvironmentOverrideTest {

    @TempDir
    Path dataDir;

    @Test
    void environmentVariablesOverrideTheFileForCamelsAndTheDispatchersKeys() throws Exception {
        int port = RunningDispatcher.freePort();
        Map<String, String> environment = Map.of(
                "CAMEL_SERVER_PORT",
                String.valueOf(port),
                "CAMEL_SERVER_HOST",
                "127.0.0.1",
                "DISPATCHER_DATA_DIR",
                dataDir.toString(),
                "DISPATCHER_BROKER_EMBEDDED_LISTEN",
                "");
        Dispatcher dispatcher =
                Dispatcher.prepare(Path.of("config"), Map.of(), RunningDispatcher.CLOCK, environment::get);
        dispatcher.start();
        try {
            HttpResponse<String> reply = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/notices"))
                                    .header("Authorization", "Bearer dev-admin-token")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(Files.exists(dataDir.resolve("db/bulletin.mv.db"))).isTrue();
            assertThat(Files.isDirectory(dataDir.resolve("amq/kahadb"))).isTrue();
        } finally {
            dispatcher.stop();
        }
    }
}
