package org.devzone.bulletin.access;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.devzone.bulletin.platform.ApiException;
import org.devzone.bulletin.platform.FailureLimiter;
import org.devzone.bulletin.platform.HttpRequests;

/**
 * Who may call what. Access is decided on the route the HTTP router matched (its id), never on the request's address:
 * the router normalises {@code //api}, {@code /./api}, {@code /%61pi} and absolute-form targets, so a check on the raw
 * address can disagree with it. A route named here as public is open (the status page and its sign-in, which check
 * their own session, the receipt pages, which carry a signed token); every other route needs a token, staff's unless
 * named otherwise (fail closed: a route added without a rule here needs a staff token).
 *
 * <p>The token comes from the {@code Authorization: Bearer <token>} header as sent (query parameters, which Camel
 * copies into headers too, never count); the calendar feed alone also takes {@code ?token=}, because calendar
 * applications subscribe to an address and cannot send headers. 401 without a valid token, 403 for the wrong role, 429
 * for a client that keeps presenting bad ones. Tokens are never logged.
 */
public final class Access {

    /** The exchange property holding the caller's token once checked. */
    public static final String TOKEN = "apiToken";

    /** Routes anyone may reach: they check what they need themselves (a session, a signed receipt token). */
    static final Set<String> PUBLIC_ROUTES =
            Set.of("status-page", "status-login", "status-logout", "receipt-page", "receipt-sign", "api-doc");

    /** Routes needing more (or other) than a staff token. */
    static final Map<String, Role> ROLES = Map.of(
            "slot-fire", Role.ADMIN,
            "delivery-redrive", Role.ADMIN,
            "feedback-create", Role.ZONE);

    /** The calendar feed, which also takes its token as {@code ?token=}. */
    static final String FEED_ROUTE = "schedule-feed";

    private final TokenSource tokens;
    private final FailureLimiter limiter;

    public Access(TokenSource tokens, FailureLimiter limiter) {
        this.tokens = tokens;
        this.limiter = limiter;
    }

    /** Called before every route an HTTP request reaches: throws the 401, 403 or 429 problem, or lets the call through. */
    public void check(Exchange exchange) {
        String route = exchange.getFromRouteId();
        if (route != null && PUBLIC_ROUTES.contains(route)) {
            return;
        }
        Role needed = ROLES.getOrDefault(route, Role.STAFF);
        String authorization = HttpRequests.header(exchange, "Authorization");
        if (authorization == null && FEED_ROUTE.equals(route)) {
            String token = HttpRequests.queryParameter(exchange, "token");
            authorization = token == null ? null : "Bearer " + token;
        }
        ApiToken token = authenticate(limiter.client(exchange), authorization);
        if (!token.role().covers(needed)) {
            throw new ApiException(
                    403,
                    "forbidden",
                    "无权操作",
                    "令牌“" + token.name() + "”（" + label(token.role()) + "）不能执行此操作，需要" + label(needed) + "权限。",
                    List.of());
        }
        exchange.setProperty(TOKEN, token);
    }

    /**
     * The token an {@code Authorization} value presents, for a client (its address) that may still try.
     *
     * @throws ApiException 429 while the client is blocked for bad tokens, 401 without a valid bearer token (counted)
     */
    public ApiToken authenticate(String client, String authorization) {
        Duration blocked = limiter.blockedFor(client);
        if (!blocked.isZero()) {
            throw tooManyAttempts(blocked);
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("缺少令牌：请在 Authorization 头中提供令牌（Bearer <token>）。");
        }
        Optional<ApiToken> token = tokens.current().authenticate(authorization.substring(7));
        if (token.isEmpty()) {
            limiter.failed(client);
            throw unauthorized("令牌无效。");
        }
        return token.get();
    }

    /** The 429 problem for a client that presented too many bad tokens; it says when to try again. */
    public static ApiException tooManyAttempts(Duration blocked) {
        long seconds = Math.max(1, blocked.toSeconds() + (blocked.toMillisPart() > 0 ? 1 : 0));
        return new ApiException(429, "too-many-attempts", "尝试次数过多", "这个地址提交了过多无效的令牌，请 " + seconds + " 秒后再试。", List.of())
                .retryAfter(seconds);
    }

    private static String label(Role role) {
        return switch (role) {
            case ADMIN -> "管理员";
            case STAFF -> "工作人员";
            case ZONE -> "开发区";
        };
    }

    private static ApiException unauthorized(String detail) {
        return new ApiException(401, "unauthorized", "未授权", detail, List.of());
    }
}
