package org.devzone.bulletin.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.apache.camel.Exchange;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The REST API's OpenAPI 3 document, written next to the routes ({@code openapi/bulletin-api.yaml}: every operation
 * with its parameters, request body, responses and their schemas, in Chinese for the people who call it) and served
 * as JSON at {@code /api-doc}. A test validates it, compares its operations with the routes that run, and checks
 * real answers against its schemas.
 */
public final class ApiDocument {

    static final String RESOURCE = "openapi/bulletin-api.yaml";

    private final ObjectMapper mapper;
    private final JsonNode document;

    public ApiDocument(ObjectMapper mapper) {
        this.mapper = mapper;
        try (InputStream in = ApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            this.document = mapper.valueToTree(new Load(LoadSettings.builder().build()).loadFromInputStream(in));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    /** GET /api-doc. */
    public void serve(Exchange exchange) {
        HttpReply.json(exchange, mapper, 200, document);
    }
}
