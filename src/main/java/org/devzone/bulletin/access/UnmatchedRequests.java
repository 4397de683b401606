package org.devzone.bulletin.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.devzone.bulletin.platform.ApiException;
import org.devzone.bulletin.platform.FailureLimiter;
import org.devzone.bulletin.platform.HttpReply;
import org.devzone.bulletin.platform.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers what no route took, as problem+json like every other refusal: under {@code /api} (in any spelling the router
 * would normalise, or any letter case) a caller without a valid token gets 401 and learns nothing about which addresses
 * exist; otherwise an address no route has is 404, a method the address does not take is 405 with {@code Allow}, a body
 * it does not take is 415. A body over {@code camel.server.maxBodySize} is 413.
 */
public final class UnmatchedRequests {

    private static final Logger LOG = LoggerFactory.getLogger(UnmatchedRequests.class);

    private final Access access;
    private final FailureLimiter limiter;
    private final Problems problems;
    private final ObjectMapper mapper;
    private final long maxBodyBytes;
    private Router router;
    /** The routes' paths as patterns, made once each. */
    private final Map<String, Pattern> templates = new ConcurrentHashMap<>();

    private Route fallback;

    public UnmatchedRequests(
            Access access, FailureLimiter limiter, Problems problems, ObjectMapper mapper, long maxBodyBytes) {
        this.access = access;
        this.limiter = limiter;
        this.problems = problems;
        this.mapper = mapper;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Puts the fallback behind every route of the HTTP server; called once all routes have started. */
    public void install(CamelContext context, int port) {
        router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            throw new IllegalStateException("the HTTP server's router is not in the registry");
        }
        // Failures the HTTP server raises itself (a body over the limit) reach the failure handler of every route.
        fallback = router.route().order(Integer.MAX_VALUE).handler(this::answer).failureHandler(this::failed);
    }

    private void failed(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        int status = ctx.statusCode();
        if (status == 413) {
            write(
                    ctx,
                    new ApiException(
                            413,
                            "too-large",
                            "请求体过大",
                            "请求体超过 " + maxBodyBytes / (1024 * 1024) + " MiB 的上限（附件合计不得超过 10 MiB），请求未被处理。",
                            List.of()));
        } else if (status >= 400 && status < 500) {
            write(
                    ctx,
                    new ApiException(
                            status, "bad-request", "请求无法处理", "HTTP 服务器拒绝了这个请求（" + status + "），请求未被处理。", List.of()));
        } else {
            LOG.error("The HTTP server failed a request to {}", ctx.normalizedPath(), ctx.failure());
            write(ctx, new ApiException(500, "internal-error", "服务器内部错误", "处理请求时发生意外错误，请求未被处理。", List.of()));
        }
    }

    private void answer(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String path = ctx.normalizedPath();
        ApiException problem = null;
        if (path.toLowerCase(Locale.ROOT).startsWith("/api") && !path.equals("/api-doc")) {
            problem = unauthenticated(request);
        }
        if (problem == null) {
            Set<String> allowed = allowedMethods(path);
            if (allowed.isEmpty()) {
                problem = ApiException.notFound("没有这个地址：" + path + "。可用的接口见 /api-doc。");
            } else if (allowed.contains(request.method().name())) {
                problem = new ApiException(
                        415,
                        "unsupported-media-type",
                        "不支持的内容类型",
                        "这个地址不接受 Content-Type “" + String.valueOf(request.getHeader("Content-Type"))
                                + "”，请按 /api-doc 的说明提交。",
                        List.of());
            } else {
                ctx.response().putHeader("Allow", String.join(", ", allowed));
                problem = new ApiException(
                        405,
                        "method-not-allowed",
                        "不支持的请求方法",
                        path + " 不接受 " + request.method().name() + "，可用：" + String.join(", ", allowed) + "。",
                        List.of());
            }
        }
        write(ctx, problem);
    }

    /** The 429 or 401 problem for a caller without a valid token, or null when the token is good. */
    private ApiException unauthenticated(HttpServerRequest request) {
        String client = limiter.client(
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(),
                request.getHeader("X-Forwarded-For"));
        try {
            access.authenticate(client, request.getHeader("Authorization"));
            return null;
        } catch (ApiException refused) {
            return refused;
        }
    }

    /** The methods the routes of this path take, in alphabetical order; empty when no route has it. */
    private Set<String> allowedMethods(String path) {
        Set<String> allowed = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (route == fallback
                    || route.getPath() == null
                    || !templates
                            .computeIfAbsent(route.getPath(), UnmatchedRequests::template)
                            .matcher(path)
                            .matches()) {
                continue;
            }
            Set<HttpMethod> methods = route.methods();
            if (methods == null || methods.isEmpty()) {
                continue; // body handlers and the like, which take every method
            }
            methods.forEach(m -> allowed.add(m.name()));
        }
        return allowed;
    }

    /** A Vert.x path such as {@code /api/notices/:id} as a pattern. */
    private static Pattern template(String path) {
        StringBuilder regex = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (regex.length() > 0 || !segment.isEmpty()) {
                regex.append('/');
            }
            regex.append(segment.startsWith(":") ? "[^/]+" : Pattern.quote(segment));
        }
        String pattern = regex.length() == 0 ? "/" : regex.toString();
        return Pattern.compile(pattern.endsWith("/") && pattern.length() > 1 ? pattern + "?" : pattern);
    }

    private void write(RoutingContext ctx, ApiException problem) {
        String body;
        try {
            body = mapper.writeValueAsString(problems.document(problem, ctx.normalizedPath()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        var response = ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", HttpReply.PROBLEM_JSON);
        if (problem.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        if (problem.retryAfterSeconds() > 0) {
            response.putHeader("Retry-After", Long.toString(problem.retryAfterSeconds()));
        }
        response.end(body);
    }
}
