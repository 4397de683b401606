package org.devzone.bulletin.access;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.devzone.bulletin.platform.ApiException;
import org.devzone.bulletin.platform.FailureLimiter;

/**
 * Who may call what. Every {@code /api} call carries {@code Authorization: Bearer <token>}: staff read, queue and
 * withdraw; admins also fire and re-drive; a zone's token only answers for its zone ({@code POST /api/feedback}, which
 * checks the zone itself). Receipt pages ({@code /r/...}) carry their own signed token. 401 without a valid token, 403
 * for the wrong role, 429 for a client that keeps presenting bad ones. Tokens are never logged.
 */
public final class Access {

    /** The exchange property holding the caller's token once checked. */
    public static final String TOKEN = "apiToken";

    private record Rule(String method, Pattern path, Role role) {}

    private static final List<Rule> RULES = List.of(
            new Rule("POST", Pattern.compile("/api/slots/[^/]+/fire"), Role.ADMIN),
            new Rule("POST", Pattern.compile("/api/deliveries/redrive"), Role.ADMIN),
            new Rule("POST", Pattern.compile("/api/feedback"), Role.ZONE),
            new Rule(null, Pattern.compile("/api(/.*)?"), Role.STAFF));

    private static final Pattern FEED = Pattern.compile("/api/schedule\\.ics");

    private final ApiTokens tokens;
    private final FailureLimiter limiter;

    public Access(ApiTokens tokens, FailureLimiter limiter) {
        this.tokens = tokens;
        this.limiter = limiter;
    }

    /** Called before every REST route: throws the 401, 403 or 429 problem, or lets the call through. */
    public void check(Exchange exchange) {
        String path = path(exchange);
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        Optional<Role> needed = RULES.stream()
                .filter(r -> (r.method() == null || r.method().equalsIgnoreCase(method)) && r.path().matcher(path).matches())
                .map(Rule::role).findFirst();
        if (needed.isEmpty()) {
            return; // not under /api: receipt pages check their own signed token
        }
        String client = limiter.client(exchange);
        Duration blocked = limiter.blockedFor(client);
        if (!blocked.isZero()) {
            throw new ApiException(429, "too-many-attempts", "尝试次数过多",
                    "这个地址提交了过多无效的令牌，请 " + Math.max(1, blocked.toSeconds()) + " 秒后再试。", List.of());
        }
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        if (authorization == null && FEED.matcher(path).matches()) {
            // Calendar applications subscribe to a URL and cannot send headers: the feed takes ?token= instead.
            String token = exchange.getMessage().getHeader("token", String.class);
            authorization = token == null ? null : "Bearer " + token;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("缺少令牌：请在 Authorization 头中提供令牌（Bearer <token>）。");
        }
        Optional<ApiToken> token = tokens.authenticate(authorization.substring(7));
        if (token.isEmpty()) {
            limiter.failed(client);
            throw unauthorized("令牌无效。");
        }
        if (!token.get().role().covers(needed.get())) {
            throw new ApiException(403, "forbidden", "无权操作", "令牌“" + token.get().name() + "”（" + label(token.get().role())
                    + "）不能执行此操作，需要" + label(needed.get()) + "权限。", List.of());
        }
        exchange.setProperty(TOKEN, token.get());
    }

    private static String path(Exchange exchange) {
        String uri = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        if (uri == null) {
            uri = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        }
        if (uri == null) {
            return "";
        }
        int query = uri.indexOf('?');
        return query >= 0 ? uri.substring(0, query) : uri;
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
