package org.devzone.bulletin.receipt;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Receipt tokens: {@code base64url(notice.zone.expiry) "." base64url(HMAC-SHA256(secret, that))}. A token names one
 * notice and one zone until it expires; changing any of them breaks the signature, which is checked in constant time.
 */
public final class ReceiptTokens {

    /** What a valid token says. */
    public record Claim(String noticeId, String zoneId, Instant expires) {}

    /** The outcome of reading a token. */
    public sealed interface Check permits Valid, Expired, Invalid {}

    public record Valid(Claim claim) implements Check {}

    public record Expired(Claim claim) implements Check {}

    public record Invalid() implements Check {}

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{8,200}\\.[A-Za-z0-9_-]{43}");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final byte[] secret;

    public ReceiptTokens(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the receipt secret needs at least 16 bytes");
        }
        this.secret = secret.clone();
    }

    public String issue(String noticeId, String zoneId, Instant expires) {
        String payload = ENCODER.encodeToString((noticeId + "." + zoneId + "." + expires.getEpochSecond())
                .getBytes(StandardCharsets.UTF_8));
        return payload + "." + ENCODER.encodeToString(mac(payload));
    }

    public Check check(String token, Instant now) {
        if (token == null || !SHAPE.matcher(token).matches()) {
            return new Invalid();
        }
        int dot = token.indexOf('.');
        String payload = token.substring(0, dot);
        byte[] given = DECODER.decode(token.substring(dot + 1));
        // Only the canonical spelling: base64 leaves spare bits in the last character, and a changed character must
        // never still be the same token.
        if (!ENCODER.encodeToString(given).equals(token.substring(dot + 1))
                || !ENCODER.encodeToString(DECODER.decode(payload)).equals(payload)) {
            return new Invalid();
        }
        if (!MessageDigest.isEqual(mac(payload), given)) {
            return new Invalid();
        }
        String[] parts = new String(DECODER.decode(payload), StandardCharsets.UTF_8).split("\\.");
        if (parts.length != 3 || !ID.matcher(parts[0]).matches() || !ID.matcher(parts[1]).matches()) {
            return new Invalid();
        }
        Claim claim;
        try {
            claim = new Claim(parts[0], parts[1], Instant.ofEpochSecond(Long.parseLong(parts[2])));
        } catch (NumberFormatException e) {
            return new Invalid();
        }
        return now.isAfter(claim.expires()) ? new Expired(claim) : new Valid(claim);
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
