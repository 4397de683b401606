package org.devzone.bulletin.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Route;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.junit.jupiter.api.Test;

/** The OpenAPI document at /api-doc describes exactly the REST routes that run. */
class OpenApiTest {

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteExists() {
        try (RunningDispatcher dispatcher = RunningDispatcher.start()) {
            Http.Reply doc = dispatcher.http().as(null).get("/api-doc");
            assertThat(doc.status()).isEqualTo(200);
            JsonNode root = doc.json();
            assertThat(root.get("openapi").asText()).startsWith("3.");
            assertThat(root.get("info").get("title").asText()).isEqualTo("bulletin-dispatcher API");

            Set<String> documented = new TreeSet<>();
            root.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(
                    method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
            Set<String> running = new TreeSet<>();
            for (Route route : dispatcher.context().getRoutes()) {
                String uri = route.getEndpoint().getEndpointUri();
                if (uri.startsWith("rest://") && !uri.contains("api-doc")) {
                    // rest://get:/api:/bulletins/%7Bid%7D
                    String[] parts = java.net.URLDecoder.decode(uri.substring("rest://".length()),
                            java.nio.charset.StandardCharsets.UTF_8).split(":", 3);
                    String path = (parts[1] + (parts.length > 2 ? "/" + parts[2] : "")).replaceAll("/+", "/").replaceAll("(.)/$", "$1");
                    running.add(parts[0].toUpperCase(Locale.ROOT) + " " + path.replaceAll("\\?.*$", ""));
                }
            }
            assertThat(running).hasSizeGreaterThan(15);
            assertThat(documented).isEqualTo(running);

            // Every /api operation says it needs the bearer token; the pages do not.
            JsonNode scheme = root.get("components").get("securitySchemes").get("bearer");
            assertThat(scheme.get("type").asText()).isEqualTo("http");
            assertThat(scheme.get("scheme").asText()).isEqualTo("bearer");
            root.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
                boolean secured = operation.getValue().has("security")
                        && operation.getValue().get("security").toString().contains("\"bearer\"");
                assertThat(secured).as(operation.getKey() + " " + path.getKey()).isEqualTo(path.getKey().startsWith("/api"));
            }));
        }
    }
}
