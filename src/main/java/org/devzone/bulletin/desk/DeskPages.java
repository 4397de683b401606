package org.devzone.bulletin.desk;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.devzone.bulletin.access.Access;
import org.devzone.bulletin.access.ApiToken;
import org.devzone.bulletin.access.PageAccess;
import org.devzone.bulletin.access.Sessions;
import org.devzone.bulletin.platform.FieldError;
import org.devzone.bulletin.platform.HttpRequests;
import org.devzone.bulletin.platform.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every desk page relies on: the stylesheet and scripts it loads, and the page for what went wrong (sign-in for a
 * browser without a session, the reason for a refusal, a reference for a fault).
 */
public final class DeskPages {

    private static final Logger LOG = LoggerFactory.getLogger(DeskPages.class);
    private static final String HTMX =
            "/META-INF/resources/webjars/htmx.org/" + webJarVersion("htmx.org") + "/dist/htmx.min.js";
    private static final Map<String, String[]> ASSETS = Map.of(
            "desk.css", new String[] {"/pages/assets/desk.css", "text/css; charset=utf-8"},
            "htmx.min.js", new String[] {HTMX, "text/javascript; charset=utf-8"},
            "desk.js", new String[] {"/pages/assets/desk.js", "text/javascript; charset=utf-8"});

    private final DeskView view;
    private final String officeName;
    private final Map<String, byte[]> assets = new HashMap<>();

    DeskPages(DeskView view) {
        this.view = view;
        this.officeName = view.officeName();
        ASSETS.forEach((name, where) -> assets.put(name, resource(where[0])));
    }

    /** {@code GET /assets/{name}}: the stylesheet and the script every page loads. */
    public void asset(Exchange exchange) {
        String name = exchange.getMessage().getHeader("name", String.class);
        byte[] body = name == null ? null : assets.get(name);
        if (body == null) {
            throw Refusal.notFound("没有这个文件。");
        }
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, ASSETS.get(name)[1]);
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setBody(body);
    }

    /**
     * The page for what went wrong: sign-in for a browser without a session, the reason for a refusal, and for a fault
     * a reference to find it in the log, never a stack trace.
     */
    public void error(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status;
        String message;
        if (failure instanceof PageAccess.Refused refused) {
            if (refused.signIn()) {
                signIn(exchange, refused.getMessage());
                return;
            }
            status = refused.status();
            message = refused.getMessage();
        } else if (failure instanceof Refusal refusal) {
            status = switch (refusal.kind()) {
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case INVALID -> 400;
            };
            // What to change, in the words of each field's check; the count alone helps nobody.
            message = refusal.errors().isEmpty()
                    ? refusal.detail()
                    : String.join(
                            "；",
                            refusal.errors().stream().map(FieldError::message).toList());
        } else {
            String reference = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("Desk page {} failed (reference {})", HttpRequests.uri(exchange), reference, failure);
            status = 500;
            message = "页面出错了，操作可能没有完成。请稍后重试；如果一再出现，请把编号 " + reference + " 告诉管理员。";
        }
        Map<String, Object> model = new HashMap<>();
        model.put("office", officeName);
        model.put("status", status);
        model.put("message", message);
        ApiToken token = exchange.getProperty(Access.TOKEN, ApiToken.class);
        String session = exchange.getProperty(PageAccess.SESSION, String.class);
        model.put("who", token == null ? "" : token.name());
        model.put("csrf", session == null ? "" : Sessions.formToken(session));
        model.put("active", "");
        view.page(exchange, status, "desk-error.ftlh", model);
    }

    private void signIn(Exchange exchange, String message) {
        Map<String, Object> model = new HashMap<>();
        model.put("office", officeName);
        model.put("message", message);
        String uri = HttpRequests.uri(exchange);
        model.put("next", "GET".equals(HttpRequests.method(exchange)) && uri != null ? uri : "/desk/notices");
        view.page(exchange, 401, "login.ftlh", model);
    }

    /** The version of a WebJar on the class path, from its Maven metadata (so that upgrading it is one pom edit). */
    private static String webJarVersion(String artifact) {
        var properties = new Properties();
        try (InputStream in = DeskPages.class.getResourceAsStream(
                "/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the WebJar " + artifact + " is missing from the jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties.getProperty("version");
    }

    private static byte[] resource(String path) {
        try (InputStream in = DeskPages.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(path + " could not be read", e);
        }
    }
}
