package org.devzone.bulletin.platform;

import io.vertx.core.http.HttpServerRequest;
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

    /** Whether the exchange came over HTTP (it has the request). */
    public static boolean isHttp(Exchange exchange) {
        return request(exchange) != null;
    }

    private static HttpServerRequest request(Exchange exchange) {
        return exchange.getIn() instanceof HttpMessage message ? message.getRequest() : null;
    }
}
