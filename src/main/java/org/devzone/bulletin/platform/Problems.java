package org.devzone.bulletin.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the exception a REST route caught into an RFC 9457 {@code application/problem+json} answer: the status and a
 * message a person can act on, never a stack trace. Unexpected failures are logged in full under a reference the
 * answer quotes.
 */
public final class Problems {

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private final ObjectMapper mapper;

    public Problems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Called by the REST route configuration for every exception a REST route did not handle itself. */
    public void render(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiException problem = toProblem(caught);
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        if (path == null) {
            path = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        }
        ObjectNode body = document(problem, path);
        HttpReply.write(exchange, mapper, problem.status(), HttpReply.PROBLEM_JSON, body);
        if (problem.retryAfterSeconds() > 0) {
            exchange.getMessage().setHeader("Retry-After", Long.toString(problem.retryAfterSeconds()));
        } else if (problem.status() == 503) {
            exchange.getMessage().setHeader("Retry-After", "5");
        }
        if (problem.status() == 401) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
        }
    }

    /** The RFC 9457 document of a problem; {@code instance} is the request's path, or null. */
    public ObjectNode document(ApiException problem, String instance) {
        ObjectNode body = mapper.createObjectNode();
        body.put("type", "urn:bulletin-dispatcher:problem:" + problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        if (instance != null) {
            body.put("instance", instance);
        }
        if (!problem.errors().isEmpty()) {
            ArrayNode errors = body.putArray("errors");
            problem.errors()
                    .forEach(e -> errors.addObject().put("field", e.field()).put("message", e.message()));
        }
        return body;
    }

    private static ApiException toProblem(Throwable caught) {
        if (caught instanceof ApiException api) {
            return api;
        }
        if (caught instanceof Refusal refusal) {
            return ApiException.of(refusal);
        }
        if (caught instanceof StoreException store && store.unavailable()) {
            LOG.warn("Database unavailable while answering a request: {}", store.getMessage());
            return new ApiException(503, "unavailable", "服务暂时不可用", "数据库暂时无法访问，请求未被处理，请稍后重试。", List.of());
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("Unexpected failure answering a request (reference {})", reference, caught);
        return new ApiException(
                500, "internal-error", "服务器内部错误", "处理请求时发生意外错误，请求未被处理。请联系管理员并提供参考号 " + reference + "。", List.of());
    }
}
