package org.devzone.bulletin.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Writes an HTTP answer onto an exchange: status, content type, UTF-8 JSON, and nothing else. */
public final class HttpReply {

    public static final String JSON = "application/json; charset=utf-8";
    public static final String PROBLEM_JSON = "application/problem+json; charset=utf-8";

    private HttpReply() {}

    public static void json(Exchange exchange, ObjectMapper mapper, int status, JsonNode body) {
        write(exchange, mapper, status, JSON, body);
    }

    /** A text answer (an iCalendar feed, a rendered edition) in UTF-8. */
    public static void text(Exchange exchange, int status, String contentType, String body) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setBody(body.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Exchange exchange, ObjectMapper mapper, int status, String contentType, JsonNode body) {
        Message message = exchange.getMessage();
        // Request headers and query parameters arrive as message headers; none of them belongs in the answer.
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        try {
            message.setBody(mapper.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answer cannot be written as JSON", e);
        }
    }
}
