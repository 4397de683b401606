package org.devzone.bulletin.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * The management port's health report ({@code /observe/health}, {@code /live}, {@code /ready}), answered ahead of
 * Camel's own handler with the same shape: Camel 4.18 escapes each message and then serialises it, so a path in a
 * message read {@code config\/holidays}. Same parameters ({@code exposureLevel}, {@code data=true}), same 503 when
 * not UP; stack traces are never shown.
 */
public final class HealthEndpoint {

    private final ObjectMapper mapper;

    public HealthEndpoint(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** On the management server's router, before Camel's routes for the same paths. */
    public void install(CamelContext context, int managementPort, String healthPath) {
        Router router =
                VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(managementPort));
        if (router == null) {
            return; // the management server is off
        }
        for (String path : new String[] {healthPath, healthPath + "/live", healthPath + "/ready"}) {
            router.route(path)
                    .order(-1)
                    .method(HttpMethod.GET)
                    .blockingHandler(ctx -> answer(context, ctx, path, healthPath));
        }
    }

    private void answer(CamelContext context, RoutingContext ctx, String path, String healthPath) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        String level = ctx.request().getParam("exposureLevel");
        if (level == null) {
            level = registry.getExposureLevel();
        }
        boolean ready = path.endsWith("/ready");
        Collection<HealthCheck.Result> results = path.equals(healthPath)
                ? HealthCheckHelper.invoke(context, level)
                : ready
                        ? HealthCheckHelper.invokeReadiness(context, level)
                        : HealthCheckHelper.invokeLiveness(context, level);
        boolean up = HealthCheckHelper.isResultsUp(results, ready);
        ObjectNode root = mapper.createObjectNode().put("status", up ? "UP" : "DOWN");
        if (!"oneline".equals(level)) {
            ArrayNode checks = mapper.createArrayNode();
            boolean full = "full".equals(level);
            boolean data = "true".equals(ctx.request().getParam("data"));
            for (HealthCheck.Result result : results) {
                if (full || result.getState() == HealthCheck.State.DOWN) {
                    checks.add(check(result, full, data));
                }
            }
            if (!checks.isEmpty()) {
                root.set("checks", checks);
            }
        }
        ctx.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json");
        ctx.end(root.toString());
    }

    private ObjectNode check(HealthCheck.Result result, boolean full, boolean data) {
        ObjectNode check = mapper.createObjectNode()
                .put("name", result.getCheck().getId())
                .put("status", result.getState().name());
        if (full) {
            result.getError().ifPresent(error -> check.put("error-message", causes(error)));
        }
        result.getMessage().ifPresent(message -> check.put("message", message));
        if (data && result.getDetails() != null && !result.getDetails().isEmpty()) {
            ObjectNode details = check.putObject("data");
            new TreeMap<>(result.getDetails()).forEach((key, value) -> details.put(key, String.valueOf(value)));
        }
        return check;
    }

    private static String causes(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                text.append("; Caused by: ")
                        .append(cause.getClass().getName())
                        .append(": ")
                        .append(cause.getMessage());
            }
        }
        return text.toString();
    }
}
