package org.devzone.bulletin.access;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.devzone.bulletin.platform.FailureLimiter;
import org.devzone.bulletin.platform.HttpRequests;

/**
 * Who may open which page of the desk. Like {@link Access} for the API, it decides on the route the router matched:
 * a route named here as public is open (the stylesheet and script), one named with a role needs that role, and every
 * other page needs a signed-in staff member (fail closed). A browser is signed in by its session cookie, never by a
 * token in the address.
 *
 * <p>A form posted to the desk must come from the desk: it carries its session's form token ({@code _csrf}), and a
 * browser that says where the form came from ({@code Origin}, {@code Sec-Fetch-Site}) must name this server.
 */
public final class PageAccess {

    /** The exchange property holding the session id of the signed-in browser. */
    public static final String SESSION = "pageSession";

    /** The form field carrying the session's form token. */
    public static final String FORM_TOKEN = "_csrf";

    /**
     * Pages without a session: what every page loads, and a zone's own page, whose signed link is its key (checked by
     * the page). Their forms must still come from this site.
     */
    static final Set<String> PUBLIC_ROUTES = Set.of("page-asset", "zone-page", "zone-sign", "zone-answer");

    /** Pages needing more than staff. */
    static final Map<String, Role> ROLES = Map.of(
            "desk-remind", Role.ADMIN,
            "desk-redrive", Role.ADMIN,
            "desk-holidays", Role.ADMIN,
            "desk-holidays-import", Role.ADMIN,
            "desk-channels", Role.ADMIN);

    private final Sessions sessions;
    private final FailureLimiter limiter;
    private final String publicOrigin;

    /** @param publicUrl the address zones and staff reach the dispatcher at (its origin counts as this server's) */
    public PageAccess(Sessions sessions, FailureLimiter limiter, String publicUrl) {
        this.sessions = sessions;
        this.limiter = limiter;
        this.publicOrigin = origin(publicUrl);
    }

    /** Why a page was refused: the status, what to tell the person, and whether signing in would help. */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final boolean signIn;

        public Refused(int status, String message, boolean signIn) {
            super(message, null, false, false);
            this.status = status;
            this.signIn = signIn;
        }

        public int status() {
            return status;
        }

        public boolean signIn() {
            return signIn;
        }
    }

    /** Called before every desk route: throws {@link Refused}, or records the token and session on the exchange. */
    public void check(Exchange exchange) {
        String route = exchange.getFromRouteId();
        String method = HttpRequests.method(exchange);
        boolean changes = !"GET".equals(method) && !"HEAD".equals(method);
        if (route != null && PUBLIC_ROUTES.contains(route)) {
            if (changes) {
                checkSameSite(exchange);
            }
            return;
        }
        String client = limiter.client(exchange);
        Duration blocked = limiter.blockedFor(client);
        if (!blocked.isZero()) {
            throw new Refused(429, Access.tooManyAttempts(blocked).detail(), false);
        }
        String session = HttpRequests.cookie(exchange, Sessions.COOKIE);
        if (session == null) {
            throw new Refused(401, "请先登录。", true);
        }
        Optional<ApiToken> token = sessions.find(session);
        if (token.isEmpty()) {
            limiter.failed(client); // a guessed, stolen-and-ended or expired session id counts like a bad token
            throw new Refused(401, "登录已失效，请重新登录。", true);
        }
        Role needed = ROLES.getOrDefault(route, Role.STAFF);
        if (!token.get().role().covers(needed)) {
            throw new Refused(
                    403,
                    "令牌“" + token.get().name() + "”" + (token.get().role() == Role.ZONE ? "属于开发区，" : "") + "不能使用此页面，需要"
                            + (needed == Role.ADMIN ? "管理员" : "工作人员") + "令牌。",
                    false);
        }
        if (changes) {
            checkSameSite(exchange);
            List<String> presented = HttpRequests.form(exchange).get(FORM_TOKEN);
            if (presented == null || presented.size() != 1 || !Sessions.formTokenMatches(session, presented.get(0))) {
                throw new Refused(403, "表单已过期或不是从本系统页面提交的，没有执行。请刷新页面后重新提交。", false);
            }
        }
        exchange.setProperty(Access.TOKEN, token.get());
        exchange.setProperty(SESSION, session);
    }

    /**
     * Refuses a request a browser says came from elsewhere. Browsers send {@code Sec-Fetch-Site} with every request
     * ({@code same-origin} for the desk's own forms) and {@code Origin} with every POST ({@code null} when the page
     * that posted hides where it is); clients that send neither (curl) are judged by the form token alone.
     */
    public void checkSameSite(Exchange exchange) {
        String fetchSite = HttpRequests.header(exchange, "Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equalsIgnoreCase("same-origin") && !fetchSite.equalsIgnoreCase("none")) {
            throw crossSite();
        }
        String origin = HttpRequests.header(exchange, "Origin");
        if (origin == null || origin.equals("null")) {
            return;
        }
        String host = HttpRequests.authority(exchange);
        String from = origin(origin);
        boolean sameHost = host != null && from != null && from.endsWith("://" + host);
        if (!sameHost && (publicOrigin == null || !publicOrigin.equals(from))) {
            throw crossSite();
        }
    }

    private static Refused crossSite() {
        return new Refused(403, "这个表单来自其他网站，没有执行。请在本系统的页面上操作。", false);
    }

    /** {@code scheme://host[:port]} of an address, lower case; null when it has none. */
    static String origin(String url) {
        if (url == null || url.isBlank() || url.equals("null")) {
            return null;
        }
        try {
            URI uri = URI.create(url.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            return (uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()))
                    .toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
