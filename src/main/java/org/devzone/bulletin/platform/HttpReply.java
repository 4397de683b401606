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

    /**
     * One of the dispatcher's pages: HTML that runs only the scripts and styles it serves itself, in no one else's
     * frame, and is not kept by caches (it shows what a signed-in person may see).
     */
    public static void page(Exchange exchange, int status, String html) {
        text(exchange, status, "text/html; charset=utf-8", html);
        Message message = exchange.getMessage();
        message.setHeader("Content-Security-Policy", PAGE_POLICY);
        message.setHeader("X-Frame-Options", "DENY");
        message.setHeader("X-Content-Type-Options", "nosniff");
        // Addresses (a receipt link's token) go to no other site; the pages' own forms still say where they come from.
        message.setHeader("Referrer-Policy", "same-origin");
        // Camel's HTTP header filter drops a Cache-Control set here: the page expires at once instead.
        message.setHeader("Expires", "0");
    }

    /** What a page may load: its own scripts, styles and images, nothing inline, no frames of it elsewhere. */
    public static final String PAGE_POLICY =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

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
