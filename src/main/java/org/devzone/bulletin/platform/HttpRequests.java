package org.devzone.bulletin.platform;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * What the client actually sent. Camel's HTTP server copies query parameters and form fields into message headers, so
 * {@code ?Authorization=Bearer …} would look like a header; anything that decides access reads the request itself.
 */
public final class HttpRequests {

    private HttpRequests() {}

    /** A request header as the client sent it; null when absent or when the exchange did not come over HTTP. */
    public static String header(Exchange exchange, String name) {
        HttpServerRequest request = request(exchange);
        return request == null ? null : request.getHeader(name);
    }

    /** A query parameter of the request's address (never a form field or a header); null when absent. */
    public static String queryParameter(Exchange exchange, String name) {
        HttpServerRequest request = request(exchange);
        return request == null ? null : request.params().get(name);
    }

    /** The value of a cookie the client sent, or null. */
    public static String cookie(Exchange exchange, String name) {
        return cookie(header(exchange, "Cookie"), name);
    }

    /** The value of a cookie in a {@code Cookie} header, or null. */
    public static String cookie(String header, String name) {
        if (header == null) {
            return null;
        }
        for (String pair : header.split(";")) {
            String[] nameValue = pair.strip().split("=", 2);
            if (nameValue.length == 2 && nameValue[0].equals(name)) {
                return nameValue[1];
            }
        }
        return null;
    }

    /**
     * The fields of a posted form ({@code application/x-www-form-urlencoded}) exactly as sent, every value of each in
     * order; never the query parameters or the headers. Empty when the request had no form.
     */
    public static Map<String, List<String>> form(Exchange exchange) {
        HttpServerRequest request = request(exchange);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (request == null) {
            return fields;
        }
        MultiMap attributes = request.formAttributes();
        for (String name : attributes.names()) {
            fields.put(name, List.copyOf(attributes.getAll(name)));
        }
        return fields;
    }

    /** The request's method ({@code GET}, {@code POST}...), or null when the exchange did not come over HTTP. */
    public static String method(Exchange exchange) {
        HttpServerRequest request = request(exchange);
        return request == null ? null : request.method().name();
    }

    /** The host and port the client addressed ({@code 127.0.0.1:8080}), lower case; null when unknown. */
    public static String authority(Exchange exchange) {
        HttpServerRequest request = request(exchange);
        if (request == null) {
            return null;
        }
        var authority = request.authority();
        if (authority != null) {
            return (authority.host() + (authority.port() < 0 ? "" : ":" + authority.port())).toLowerCase(Locale.ROOT);
        }
        String host = request.getHeader("Host");
        return host == null ? null : host.toLowerCase(Locale.ROOT);
    }

    /** The request's path as the client sent it, with its query. */
    public static String uri(Exchange exchange) {
        HttpServerRequest request = request(exchange);
        return request == null ? null : request.uri();
    }

    /** Whether the exchange came over HTTP (it has the request). */
    public static boolean isHttp(Exchange exchange) {
        return request(exchange) != null;
    }

    private static HttpServerRequest request(Exchange exchange) {
        return exchange.getIn() instanceof HttpMessage message ? message.getRequest() : null;
    }
}
