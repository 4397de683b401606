package org.devzone.bulletin.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Route;
import org.devzone.bulletin.App;
import org.devzone.bulletin.testing.ConfigCopy;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document at /api-doc: valid OpenAPI 3 by a real validator, describing exactly the REST routes that run,
 * with parameters, bodies and response schemas that the real answers match.
 */
class OpenApiTest {

    @TempDir
    Path config;

    private final TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 20, 14, 0));
    private RunningDispatcher dispatcher;
    private Http http;
    private String document;

    @BeforeEach
    void boot() throws Exception {
        ConfigCopy.into(config);
        dispatcher = RunningDispatcher.start(RunningDispatcher.byHand(Map.of()), clock, config);
        http = dispatcher.http();
        Http.Reply doc = http.as(null).get("/api-doc");
        assertThat(doc.status()).as("public").isEqualTo(200);
        assertThat(doc.contentType()).startsWith("application/json");
        document = doc.body();
    }

    @AfterEach
    void shutDown() {
        dispatcher.close();
    }

    @Test
    void theDocumentIsValidOpenApi3AndEveryOperationSaysWhatItTakesAndGives() {
        SwaggerParseResult parsed = parse(document);
        assertThat(parsed.getMessages()).as("validator messages").isEmpty();
        OpenAPI api = parsed.getOpenAPI();
        assertThat(api.getOpenapi()).startsWith("3.0");

        api.getPaths()
                .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                    String name = method + " " + path;
                    assertThat(operation.getOperationId()).as(name).isNotBlank();
                    assertThat(operation.getSummary()).as(name).isNotBlank();
                    Set<String> declared = new TreeSet<>();
                    parameters(item, operation).forEach(p -> declared.add(p.getIn() + ":" + p.getName()));
                    Matcher template = Pattern.compile("\\{([^}]+)}").matcher(path);
                    while (template.find()) {
                        assertThat(declared).as(name).contains("path:" + template.group(1));
                    }
                    if (method == PathItem.HttpMethod.POST
                            && !path.equals("/logout")
                            && !path.endsWith("/fire")
                            && !path.startsWith("/r/")) {
                        assertThat(operation.getRequestBody())
                                .as(name + " has a body")
                                .isNotNull();
                    }
                    for (Map.Entry<String, ApiResponse> response :
                            operation.getResponses().entrySet()) {
                        if (response.getValue().getContent() != null) {
                            response.getValue()
                                    .getContent()
                                    .forEach((type, media) -> assertThat(media.getSchema())
                                            .as(name + " " + response.getKey() + " " + type)
                                            .isNotNull());
                        }
                    }
                    if (path.startsWith("/api/")) {
                        assertThat(operation.getResponses()).as(name).containsKeys("401", "429");
                        assertThat(operation.getResponses().get("401").getContent())
                                .containsKey("application/problem+json");
                        assertThat(operation.getResponses().keySet())
                                .as(name + " answers something")
                                .anyMatch(code -> code.startsWith("2"));
                    }
                }));
        assertThat(api.getComponents().getSchemas())
                .containsKeys("Notice", "Problem", "Bulletin", "Delivery", "NoticeReceipts", "Feedback", "ScheduleRow");
    }

    @Test
    void theValidatorCatchesWhatWasReported() throws Exception {
        // A response without its description (what the generated document had 21 times) is reported.
        ObjectNode broken = (ObjectNode) new ObjectMapper().readTree(document);
        ((ObjectNode) broken.at("/paths/~1api~1notices/get/responses")).putObject("default");
        assertThat(parse(broken.toString()).getMessages()).anyMatch(m -> m.contains("description"));
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws Exception {
        JsonNode root = new ObjectMapper().readTree(document);
        Set<String> documented = new TreeSet<>();
        root.get("paths")
                .properties()
                .forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
                    if (!method.equals("parameters")) {
                        documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                    }
                }));
        Set<String> running = new TreeSet<>();
        for (Route route : dispatcher.context().getRoutes()) {
            String uri = route.getEndpoint().getEndpointUri();
            if (uri.startsWith("rest://") && !uri.contains("api-doc")) {
                // rest://get:/api:/bulletins/%7Bid%7D
                String[] parts = URLDecoder.decode(uri.substring("rest://".length()), StandardCharsets.UTF_8)
                        .split(":", 3);
                String path = (parts[1] + (parts.length > 2 ? "/" + parts[2] : ""))
                        .replaceAll("/+", "/")
                        .replaceAll("(.)/$", "$1");
                running.add(parts[0].toUpperCase(Locale.ROOT) + " " + path.replaceAll("\\?.*$", ""));
            }
        }
        assertThat(running).hasSizeGreaterThan(15);
        assertThat(documented).isEqualTo(running);

        // Every /api operation says it needs the bearer token; the pages do not.
        JsonNode scheme = root.get("components").get("securitySchemes").get("bearer");
        assertThat(scheme.get("type").asText()).isEqualTo("http");
        assertThat(scheme.get("scheme").asText()).isEqualTo("bearer");
        root.get("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(operation -> {
                    if (operation.getKey().equals("parameters")) {
                        return;
                    }
                    boolean secured = operation.getValue().has("security")
                            && operation.getValue().get("security").toString().contains("\"bearer\"");
                    assertThat(secured)
                            .as(operation.getKey() + " " + path.getKey())
                            .isEqualTo(path.getKey().startsWith("/api"));
                }));
    }

    @Test
    void realAnswersMatchTheirDocumentedSchemas() throws Exception {
        OpenAPI api = parse(document).getOpenAPI();
        Http.Reply created = http.postJson("/api/notices", """
                {"category": "document", "title": "关于报送年度考核材料的通知", "author": "开发区处", "externalId": "k-1",
                 "audience": {"zones": ["dongzhou-port"]}, "receiptDeadline": "2026-12-04", "body": "请于 **12 月 4 日** 前报送。",
                 "attachments": [{"name": "a.txt", "contentType": "text/plain", "contentBase64": "aGVsbG8="}]}
                """);
        String notice = created.json().get("id").asText();
        conforms(api, "createNotice", created);
        conforms(api, "createNotice", http.postJson("/api/notices", "{}"));
        conforms(api, "getNotice", http.get("/api/notices/" + notice));
        conforms(api, "getNotice", http.get("/api/notices/nope"));
        conforms(api, "listNotices", http.get("/api/notices"));
        conforms(api, "listNotices", http.as(null).get("/api/notices"));
        Http.Reply fired = http.post("/api/slots/friday-reminders/fire", "application/json", "");
        String bulletin = fired.json().get("id").asText();
        conforms(api, "fireSlot", fired);
        conforms(api, "listBulletins", http.get("/api/bulletins"));
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        http.get("/api/deliveries?bulletin=" + bulletin).body().contains("\"status\":\"sent\""));
        conforms(api, "getBulletin", http.get("/api/bulletins/" + bulletin));
        conforms(api, "listDeliveries", http.get("/api/deliveries?bulletin=" + bulletin));
        conforms(api, "redriveDeliveries", http.post("/api/deliveries/redrive", "application/json", ""));
        conforms(api, "getNoticeReceipts", http.get("/api/notices/" + notice + "/receipts"));
        conforms(api, "listPendingReceipts", http.get("/api/receipts?pending=true"));
        conforms(api, "previewSchedule", http.get("/api/schedule?from=2026-09-28&to=2026-10-11"));
        conforms(api, "withdrawNotice", http.delete("/api/notices/" + notice));
        String other = http.postJson("/api/notices", """
                {"category": "case", "title": "典型案例", "author": "开发区处", "audience": {"all": true}}
                """).json().get("id").asText();
        conforms(api, "withdrawNotice", http.delete("/api/notices/" + other));

        String zoneToken = mintZoneToken("dongzhou-port");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> http.as(zoneToken).postJson("/api/feedback", "{}").status() == 400);
        conforms(
                api,
                "createFeedback",
                http.as(zoneToken)
                        .postJson(
                                "/api/feedback", "{\"notice\": \"" + notice + "\", \"text\": \"我区将于 12 月 8 日前报送。\"}"));
        conforms(api, "listFeedback", http.get("/api/feedback"));
    }

    /** The reply's status is documented for the operation, and its JSON body matches that response's schema. */
    private static void conforms(OpenAPI api, String operationId, Http.Reply reply) throws Exception {
        Operation operation = operation(api, operationId);
        ApiResponse response = operation.getResponses().get(String.valueOf(reply.status()));
        assertThat(response)
                .as(operationId + " documents " + reply.status() + " (" + reply.body() + ")")
                .isNotNull();
        String type = reply.contentType().replaceAll(";.*$", "");
        assertThat(response.getContent()).as(operationId + " " + reply.status()).containsKey(type);
        List<String> problems = new ArrayList<>();
        check(response.getContent().get(type).getSchema(), new ObjectMapper().readTree(reply.body()), "$", problems);
        assertThat(problems)
                .as(operationId + " " + reply.status() + ": " + reply.body())
                .isEmpty();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void check(Schema schema, JsonNode value, String at, List<String> problems) {
        if (value.isNull()) {
            if (!Boolean.TRUE.equals(schema.getNullable())) {
                problems.add(at + " is null but not nullable");
            }
            return;
        }
        if (schema.getEnum() != null
                && !schema.getEnum().isEmpty()
                && schema.getEnum().stream().noneMatch(e -> String.valueOf(e).equals(value.asText()))) {
            problems.add(at + " = " + value + " is not one of " + schema.getEnum());
        }
        String type = schema.getType() != null ? schema.getType() : schema.getProperties() != null ? "object" : null;
        if (type == null) {
            return;
        }
        switch (type) {
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(at + " is not a string");
                } else if ("date-time".equals(schema.getFormat())
                        && !value.asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?\\+08:00")) {
                    problems.add(at + " = " + value + " is not an RFC 3339 office time");
                } else if ("date".equals(schema.getFormat()) && !value.asText().matches("\\d{4}-\\d\\d-\\d\\d")) {
                    problems.add(at + " = " + value + " is not a date");
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(at + " is not an integer");
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(at + " is not a boolean");
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(at + " is not an array");
                } else {
                    for (int i = 0; i < value.size(); i++) {
                        check(schema.getItems(), value.get(i), at + "[" + i + "]", problems);
                    }
                }
            }
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(at + " is not an object");
                    return;
                }
                Map<String, Schema> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
                List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
                required.stream()
                        .filter(name -> !value.has(name))
                        .forEach(name -> problems.add(at + "." + name + " is missing"));
                value.properties().forEach(field -> {
                    Schema property = properties.get(field.getKey());
                    if (property != null) {
                        check(property, field.getValue(), at + "." + field.getKey(), problems);
                    } else if (schema.getAdditionalProperties() instanceof Schema extra) {
                        check(extra, field.getValue(), at + "." + field.getKey(), problems);
                    } else {
                        problems.add(at + "." + field.getKey() + " is not documented");
                    }
                });
            }
            default -> problems.add(at + ": unknown type " + type);
        }
    }

    private static Operation operation(OpenAPI api, String operationId) {
        for (PathItem item : api.getPaths().values()) {
            for (Operation operation : item.readOperations()) {
                if (operationId.equals(operation.getOperationId())) {
                    return operation;
                }
            }
        }
        throw new AssertionError("no operation " + operationId);
    }

    private static List<Parameter> parameters(PathItem item, Operation operation) {
        List<Parameter> all = new ArrayList<>();
        if (item.getParameters() != null) {
            all.addAll(item.getParameters());
        }
        if (operation.getParameters() != null) {
            all.addAll(operation.getParameters());
        }
        return all;
    }

    private static SwaggerParseResult parse(String json) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        options.setResolveCombinators(true);
        return new OpenAPIV3Parser().readContents(json, null, options);
    }

    /** A zone token, minted by the CLI and added to the copy's tokens.yaml (which the dispatcher reloads). */
    private String mintZoneToken(String zone) throws Exception {
        StringWriter out = new StringWriter();
        assertThat(App.commandLine()
                        .setOut(new PrintWriter(out))
                        .execute("token", "--zone", zone, "--config", config.toString()))
                .isZero();
        String printed = out.toString();
        Files.writeString(
                config.resolve("tokens.yaml"),
                printed.substring(printed.indexOf("  - name:")),
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        return printed.lines().findFirst().orElseThrow().replaceAll("^.*: ", "");
    }
}
