package org.devzone.bulletin.status;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.devzone.bulletin.access.ApiToken;
import org.devzone.bulletin.access.ApiTokens;
import org.devzone.bulletin.access.Role;
import org.devzone.bulletin.platform.BundledTemplates;
import org.devzone.bulletin.platform.FailureLimiter;
import org.devzone.bulletin.platform.HttpReply;

/**
 * The status page at {@code /}, for staff and admins. A browser cannot send a bearer header, so the page signs in once
 * with a staff or admin token ({@code POST /login}), which is kept in an HttpOnly, SameSite=Strict cookie and checked
 * against tokens.yaml on every visit (removing the token from the file signs the browser out). Bad tokens count
 * towards the same limit as the API's.
 */
public final class StatusPage {

    static final String COOKIE = "bulletin_token";
    private static final Duration SIGNED_IN_FOR = Duration.ofHours(12);

    private final StatusReport report;
    private final ApiTokens tokens;
    private final FailureLimiter limiter;
    private final String officeName;
    private final boolean secureCookie;
    private final BundledTemplates pages = new BundledTemplates("/pages");

    public StatusPage(StatusReport report, ApiTokens tokens, FailureLimiter limiter, String officeName,
            boolean secureCookie) {
        this.report = report;
        this.tokens = tokens;
        this.limiter = limiter;
        this.officeName = officeName;
        this.secureCookie = secureCookie;
    }

    /** {@code GET /}: the page, or the sign-in form. */
    public void show(Exchange exchange) {
        Optional<ApiToken> token = tokens.authenticate(cookie(exchange.getMessage().getHeader("Cookie", String.class)));
        if (token.isEmpty()) {
            signInForm(exchange, 401, null);
        } else if (!token.get().role().covers(Role.STAFF)) {
            signInForm(exchange, 403, "令牌“" + token.get().name() + "”属于开发区，不能查看发送状态；请使用工作人员或管理员令牌。");
        } else {
            Map<String, Object> model = report.model();
            model.put("office", officeName);
            model.put("signedInAs", token.get().name());
            html(exchange, 200, "status.ftlh", model);
        }
    }

    /** {@code POST /login} with the form field {@code token}. */
    public void signIn(Exchange exchange) {
        String client = limiter.client(exchange);
        Duration blocked = limiter.blockedFor(client);
        if (!blocked.isZero()) {
            signInForm(exchange, 429, "这个地址提交了过多无效的令牌，请 " + Math.max(1, blocked.toSeconds()) + " 秒后再试。");
            return;
        }
        String presented = formField(exchange, "token");
        Optional<ApiToken> token = tokens.authenticate(presented);
        if (token.isEmpty()) {
            limiter.failed(client);
            signInForm(exchange, 401, presented == null || presented.isBlank() ? "请输入令牌。" : "令牌无效。");
        } else if (!token.get().role().covers(Role.STAFF)) {
            signInForm(exchange, 403, "令牌“" + token.get().name() + "”属于开发区，不能查看发送状态；请使用工作人员或管理员令牌。");
        } else {
            redirect(exchange, COOKIE + "=" + URLEncoder.encode(presented.strip(), StandardCharsets.UTF_8) + "; Max-Age=" + SIGNED_IN_FOR.toSeconds()
                    + "; Path=/; HttpOnly; SameSite=Strict" + (secureCookie ? "; Secure" : ""));
        }
    }

    /** {@code POST /logout}: forgets the cookie. */
    public void signOut(Exchange exchange) {
        redirect(exchange, COOKIE + "=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict" + (secureCookie ? "; Secure" : ""));
    }

    private void signInForm(Exchange exchange, int status, String message) {
        Map<String, Object> model = new HashMap<>();
        model.put("office", officeName);
        if (message != null) {
            model.put("message", message);
        }
        html(exchange, status, "login.ftlh", model);
    }

    private void html(Exchange exchange, int status, String template, Map<String, Object> model) {
        HttpReply.text(exchange, status, "text/html; charset=utf-8", pages.render(template, model));
        exchange.getMessage().setHeader("X-Frame-Options", "DENY");
        exchange.getMessage().setHeader("Referrer-Policy", "no-referrer");
    }

    private static void redirect(Exchange exchange, String cookie) {
        HttpReply.text(exchange, 303, "text/plain; charset=utf-8", "");
        exchange.getMessage().setHeader("Location", "/");
        exchange.getMessage().setHeader("Set-Cookie", cookie);
    }

    /** The value of our cookie in a {@code Cookie} header, or null. */
    static String cookie(String header) {
        if (header == null) {
            return null;
        }
        for (String pair : header.split(";")) {
            String[] nameValue = pair.strip().split("=", 2);
            if (nameValue.length == 2 && nameValue[0].equals(COOKIE)) {
                return URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /**
     * One field of the posted form. The HTTP server hands form fields over as headers, as it does query parameters; a
     * token in the address (where proxies log it) is not taken.
     */
    private static String formField(Exchange exchange, String name) {
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        if (query != null && ("&" + query).contains("&" + name + "=")) {
            return null;
        }
        return exchange.getMessage().getHeader(name, String.class);
    }
}
