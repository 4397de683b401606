package org.devzone.bulletin.access;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.devzone.bulletin.config.ConfigMap;
import org.devzone.bulletin.config.ConfigNode;
import org.devzone.bulletin.config.ConfigProblems;
import org.devzone.bulletin.zone.ZoneDirectory;

/**
 * The API tokens of {@code tokens.yaml}, kept as SHA-256 hashes only: a presented token is hashed and compared with
 * every configured hash in constant time. A missing file means no tokens. There is no way to list tokens over HTTP.
 */
public final class ApiTokens {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private final List<ApiToken> tokens;

    public ApiTokens(List<ApiToken> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /** The token presented, if it is configured. Every hash is compared, whatever matches first. */
    public Optional<ApiToken> authenticate(String presented) {
        if (presented == null || presented.isBlank()) {
            return Optional.empty();
        }
        return byHash(sha256(presented.strip()));
    }

    /** How many tokens are configured. */
    public int size() {
        return tokens.size();
    }

    /** The configured token with this hash, if it is (still) configured. */
    public Optional<ApiToken> byHash(byte[] sha256) {
        ApiToken found = null;
        for (ApiToken token : tokens) {
            if (MessageDigest.isEqual(token.sha256(), sha256) && found == null) {
                found = token;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The development token the README documents; a warning is logged while it is configured. */
    public static final String DEVELOPMENT_TOKEN = "dev-admin-token";

    /** Whether the README's development token is configured (anyone who read the README could use it). */
    public boolean developmentTokenInUse() {
        return authenticate(DEVELOPMENT_TOKEN).isPresent();
    }

    /** A new random token (43 URL-safe characters). */
    public static String mint() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws org.devzone.bulletin.config.ConfigException naming every file and line that is wrong */
    public static ApiTokens load(Path file, ZoneDirectory zones) {
        if (!Files.exists(file)) {
            return new ApiTokens(List.of());
        }
        ConfigNode root = ConfigNode.read(file);
        ConfigProblems problems = new ConfigProblems();
        ConfigMap top = new ConfigMap(root, "tokens.yaml", problems, List.of("tokens"));
        List<ApiToken> tokens = new ArrayList<>();
        for (ConfigMap entry :
                top.mappings("tokens", List.of("name", "role", "zone", "sha256"), i -> "tokens[" + i + "]")) {
            String name = entry.requiredText("name");
            Role role = entry.optionalEnum("role", Role.BY_NAME)
                    .orElse(entry.get("zone").isPresent() ? Role.ZONE : null);
            if (role == null && entry.get("role").isEmpty()) {
                entry.problem("role", "is required (admin, staff or zone)");
            }
            String zone = entry.optionalText("zone").orElse(null);
            if (role == Role.ZONE && zone == null) {
                entry.problem("zone", "is required for a zone's token");
            } else if (role != null && role != Role.ZONE && zone != null) {
                entry.problem("zone", "only a zone's token names a zone");
            } else if (zone != null && zones != null && zones.find(zone).isEmpty()) {
                entry.problem("zone", "'" + zone + "' is not a zone in zones.yaml");
            }
            String hash = entry.requiredText("sha256").toLowerCase(Locale.ROOT);
            if (!hash.isEmpty() && !HEX.matcher(hash).matches()) {
                entry.problem(
                        "sha256",
                        "expected 64 hexadecimal digits (the token itself never goes in this file;"
                                + " mint one with: java -jar target/bulletin-dispatcher.jar token --role <role>)");
            } else if (!hash.isEmpty() && role != null && (role == Role.ZONE) == (zone != null)) {
                tokens.add(new ApiToken(name, role, zone, HexFormat.of().parseHex(hash)));
            }
        }
        problems.throwIfAny();
        return new ApiTokens(tokens);
    }
}
