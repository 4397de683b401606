package org.devzone.bulletin.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.devzone.bulletin.platform.Jdbc;
import org.devzone.bulletin.platform.StoreException;

/**
 * Signed-in browsers, kept in the database so that every node knows them: a random id in the cookie (never the token
 * itself), expiring after {@code lifetime}, ended by signing out, and ended as soon as the token it was opened with is
 * no longer in {@code tokens.yaml}.
 */
public final class Sessions {

    /** The cookie holding a browser's session id. */
    public static final String COOKIE = "bulletin_session";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource dataSource;
    private final TokenSource tokens;
    private final Clock clock;
    private final Duration lifetime;
    /** Sessions this node has seen, read only while the database cannot be: the page keeps working in an outage. */
    private final Map<String, Known> seen = new ConcurrentHashMap<>();

    private record Known(String tokenHash, OffsetDateTime expiresAt) {}

    public Sessions(DataSource dataSource, TokenSource tokens, Clock clock, Duration lifetime) {
        this.dataSource = dataSource;
        this.tokens = tokens;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** Opens a session for a token just presented; answers the id for the cookie. */
    public String open(ApiToken token) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        OffsetDateTime now = OffsetDateTime.now(clock);
        update("DELETE FROM staff_session WHERE expires_at < ?", now);
        String tokenHash = HexFormat.of().formatHex(token.sha256());
        update(
                "INSERT INTO staff_session (id_sha256, token_sha256, created_at, expires_at) VALUES (?, ?, ?, ?)",
                hash(id),
                tokenHash,
                now,
                now.plus(lifetime));
        seen.entrySet().removeIf(e -> e.getValue().expiresAt().isBefore(now));
        seen.put(hash(id), new Known(tokenHash, now.plus(lifetime)));
        return id;
    }

    /** The token behind a session id: empty when there is no such session, it expired, or its token was removed. */
    public Optional<ApiToken> find(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        String idHash = hash(id);
        OffsetDateTime now = OffsetDateTime.now(clock);
        String tokenHash;
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT token_sha256, expires_at FROM staff_session WHERE id_sha256 = ? AND expires_at > ?")) {
            select.setString(1, idHash);
            select.setObject(2, now);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    seen.remove(idHash); // signed out, perhaps on another node
                    return Optional.empty();
                }
                tokenHash = rs.getString(1);
                seen.put(idHash, new Known(tokenHash, rs.getObject(2, OffsetDateTime.class)));
            }
        } catch (SQLException e) {
            Known known = seen.get(idHash);
            if (known == null || !known.expiresAt().isAfter(now)) {
                throw new StoreException("could not read the session", e);
            }
            tokenHash = known.tokenHash(); // the database is away: what this node knew of the session
        }
        Optional<ApiToken> token = tokens.current().byHash(HexFormat.of().parseHex(tokenHash));
        if (token.isEmpty()) {
            seen.remove(idHash);
            try {
                update("DELETE FROM staff_session WHERE id_sha256 = ?", idHash); // its token was removed
            } catch (StoreException e) {
                // the lookup refuses it anyway, whenever it is presented
            }
        }
        return token;
    }

    /**
     * The token a session's forms carry ({@code _csrf}): derived from the session id, which only the browser holding
     * the HttpOnly cookie knows, so a page of another site cannot put it in a form it makes the browser post.
     */
    public static String formToken(String sessionId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(ApiTokens.sha256("form:" + sessionId));
    }

    /** Whether a posted form's token is its session's (compared in constant time). */
    public static boolean formTokenMatches(String sessionId, String presented) {
        return sessionId != null
                && presented != null
                && MessageDigest.isEqual(
                        formToken(sessionId).getBytes(StandardCharsets.US_ASCII),
                        presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Signing out: the session is gone, on every node. */
    public void close(String id) {
        if (id != null && ID.matcher(id).matches()) {
            seen.remove(hash(id));
            update("DELETE FROM staff_session WHERE id_sha256 = ?", hash(id));
        }
    }

    private static String hash(String id) {
        return HexFormat.of().formatHex(ApiTokens.sha256(id));
    }

    private void update(String sql, Object... args) {
        Jdbc.update(dataSource, "the sessions", sql, args);
    }
}
