package org.devzone.bulletin.status;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.devzone.bulletin.access.Access;
import org.devzone.bulletin.access.ApiToken;
import org.devzone.bulletin.access.PageAccess;
import org.devzone.bulletin.access.Role;
import org.devzone.bulletin.access.Sessions;
import org.devzone.bulletin.access.TokenSource;
import org.devzone.bulletin.platform.ApiException;
import org.devzone.bulletin.platform.BundledTemplates;
import org.devzone.bulletin.platform.FailureLimiter;
import org.devzone.bulletin.platform.HttpReply;
import org.devzone.bulletin.platform.HttpRequests;

/**
 * The status page at {@code /}, for staff and admins. A browser cannot send a bearer header, so the page signs in once
 * with a staff or admin token ({@code POST /login}) and gets a session: a random id in an HttpOnly, SameSite=Strict
 * cookie, never the token itself. The session ends on sign-out, after 12 hours, and as soon as its token is removed
 * from tokens.yaml. Bad tokens and unknown session cookies count towards the same limit as the API's bad tokens.
 */
public final class StatusPage {

    static final String COOKIE = Sessions.COOKIE;
    /** The cookie that held the raw token before sessions; cleared whenever seen. */
    private static final String OLD_COOKIE = "bulletin_token";

    private final StatusReport report;
    private final TokenSource tokens;
    private final Sessions sessions;
    private final FailureLimiter limiter;
    private final String officeName;
    private final boolean secureCookie;
    private final PageAccess pageAccess;
    private final BundledTemplates pages = new BundledTemplates("/pages");

    public StatusPage(
            StatusReport report,
            TokenSource tokens,
            Sessions sessions,
            FailureLimiter limiter,
            PageAccess pageAccess,
            String officeName,
            boolean secureCookie) {
        this.pageAccess = pageAccess;
        this.report = report;
        this.tokens = tokens;
        this.sessions = sessions;
        this.limiter = limiter;
        this.officeName = officeName;
        this.secureCookie = secureCookie;
    }

    /** {@code GET /}: the page, or the sign-in form. */
    public void show(Exchange exchange) {
        String cookieHeader = HttpRequests.header(exchange, "Cookie");
        String session = HttpRequests.cookie(cookieHeader, COOKIE);
        if (session == null) {
            signInForm(exchange, 401, null);
            clearOldCookie(exchange, cookieHeader);
            return;
        }
        String client = limiter.client(exchange);
        if (refusedWhileBlocked(exchange, client)) {
            return;
        }
        Optional<ApiToken> token = sessions.find(session);
        if (token.isEmpty()) {
            limiter.failed(client); // a guessed or stolen-and-ended session id counts like a bad token
            signInForm(exchange, 401, "登录已失效，请重新登录。");
            exchange.getMessage().setHeader("Set-Cookie", cookieValue(COOKIE, "", 0));
        } else if (!token.get().role().covers(Role.STAFF)) {
            signInForm(exchange, 403, "令牌“" + token.get().name() + "”属于开发区，不能查看发送状态；请使用工作人员或管理员令牌。");
        } else {
            Map<String, Object> model = report.model();
            model.put("office", officeName);
            model.put("signedInAs", token.get().name());
            model.put("csrf", Sessions.formToken(session));
            html(exchange, 200, "status.ftlh", model);
        }
    }

    /**
     * {@code POST /login} with the form field {@code token}, and {@code next}: the page to go to once signed in (one of
     * this server's, never another site's).
     */
    public void signIn(Exchange exchange) {
        String client = limiter.client(exchange);
        if (refusedWhileBlocked(exchange, client)) {
            return;
        }
        try {
            pageAccess.checkSameSite(exchange); // no signing a browser in from another site's form
        } catch (PageAccess.Refused refused) {
            signInForm(exchange, refused.status(), refused.getMessage());
            return;
        }
        String presented = formField(exchange, "token");
        Optional<ApiToken> token = tokens.current().authenticate(presented);
        if (token.isEmpty()) {
            limiter.failed(client);
            signInForm(exchange, 401, presented == null || presented.isBlank() ? "请输入令牌。" : "令牌无效。");
        } else if (!token.get().role().covers(Role.STAFF)) {
            signInForm(exchange, 403, "令牌“" + token.get().name() + "”属于开发区，不能查看发送状态；请使用工作人员或管理员令牌。");
        } else {
            redirect(
                    exchange,
                    next(formField(exchange, "next")),
                    cookieValue(
                            COOKIE,
                            sessions.open(token.get()),
                            sessions.lifetime().toSeconds()));
        }
    }

    /**
     * {@code POST /logout}: ends the session and forgets the cookie. The form carries the session's form token, so
     * that another site cannot sign a browser out.
     */
    public void signOut(Exchange exchange) {
        String session = HttpRequests.cookie(exchange, COOKIE);
        List<String> presented = HttpRequests.form(exchange).getOrDefault(PageAccess.FORM_TOKEN, List.of());
        if (presented.size() == 1 && Sessions.formTokenMatches(session, presented.get(0))) {
            sessions.close(session);
            redirect(exchange, "/", cookieValue(COOKIE, "", 0));
        } else {
            redirect(exchange, "/", null);
        }
    }

    /** Where to go after signing in: a path of this server ({@code /desk/notices}), else the status page. */
    static String next(String requested) {
        if (requested == null
                || !requested.startsWith("/")
                || requested.startsWith("//")
                || requested.contains("\\")
                || requested.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return "/";
        }
        return requested;
    }

    /** Answers 429, saying when to come back, to a client that presented too many bad tokens; true if it did. */
    private boolean refusedWhileBlocked(Exchange exchange, String client) {
        Duration blocked = limiter.blockedFor(client);
        if (blocked.isZero()) {
            return false;
        }
        ApiException refused = Access.tooManyAttempts(blocked); // the API's words and pause, on a page
        signInForm(exchange, 429, refused.detail());
        exchange.getMessage().setHeader("Retry-After", Long.toString(refused.retryAfterSeconds()));
        return true;
    }

    private String cookieValue(String name, String value, long maxAgeSeconds) {
        return name + "=" + value + "; Max-Age=" + maxAgeSeconds + "; Path=/; HttpOnly; SameSite=Strict"
                + (secureCookie ? "; Secure" : "");
    }

    private void clearOldCookie(Exchange exchange, String cookieHeader) {
        if (HttpRequests.cookie(cookieHeader, OLD_COOKIE) != null) {
            exchange.getMessage().setHeader("Set-Cookie", cookieValue(OLD_COOKIE, "", 0));
        }
    }

    private void signInForm(Exchange exchange, int status, String message) {
        Map<String, Object> model = new HashMap<>();
        model.put("office", officeName);
        model.put("next", "/");
        if (message != null) {
            model.put("message", message);
        }
        html(exchange, status, "login.ftlh", model);
    }

    private void html(Exchange exchange, int status, String template, Map<String, Object> model) {
        HttpReply.page(exchange, status, pages.render(template, model));
    }

    private static void redirect(Exchange exchange, String location, String cookie) {
        HttpReply.text(exchange, 303, "text/plain; charset=utf-8", "");
        exchange.getMessage().setHeader("Cache-Control", "no-store");
        exchange.getMessage().setHeader("Location", location);
        if (cookie != null) {
            exchange.getMessage().setHeader("Set-Cookie", cookie);
        }
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
