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
 * A preview's token ({@code notice.zone.expiry.preview}) opens the page marked 预览 and can never sign: whoever may
 * preview an edition must not be able to sign for its zone.
 */
public final class ReceiptTokens {

    /** What a valid token says. */
    public record Claim(String noticeId, String zoneId, Instant expires, boolean preview, boolean page) {}

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
        return sign(noticeId + "." + zoneId + "." + expires.getEpochSecond());
    }

    /** A token for a preview: it shows the page, marked as a preview, and cannot sign. */
    public String issuePreview(String noticeId, String zoneId, Instant expires) {
        return sign(noticeId + "." + zoneId + "." + expires.getEpochSecond() + "." + PREVIEW);
    }

    private static final String PREVIEW = "preview";
    private static final String PAGE = "page";

    /**
     * A token for a zone's own page: it names the zone only, opens its page (its bulletins, what it owes, its answers)
     * and signs nothing by itself.
     */
    public String issuePage(String zoneId, Instant expires) {
        return sign(PAGE + "." + zoneId + "." + expires.getEpochSecond() + "." + PAGE);
    }

    private String sign(String claim) {
        String payload = ENCODER.encodeToString(claim.getBytes(StandardCharsets.UTF_8));
        return payload + "." + ENCODER.encodeToString(mac(payload));
    }

    public Check check(String token, Instant now) {
        if (token == null || !SHAPE.matcher(token).matches()) {
            return new Invalid();
        }
        int dot = token.indexOf('.');
        String payload = token.substring(0, dot);
        byte[] given;
        byte[] claimed;
        try {
            given = DECODER.decode(token.substring(dot + 1));
            claimed = DECODER.decode(payload);
        } catch (IllegalArgumentException e) {
            return new Invalid(); // not Base64 at all (a length of 4k+1, say)
        }
        // Only the canonical spelling: base64 leaves spare bits in the last character, and a changed character must
        // never still be the same token.
        if (!ENCODER.encodeToString(given).equals(token.substring(dot + 1))
                || !ENCODER.encodeToString(claimed).equals(payload)) {
            return new Invalid();
        }
        if (!MessageDigest.isEqual(mac(payload), given)) {
            return new Invalid();
        }
        String[] parts = new String(claimed, StandardCharsets.UTF_8).split("\\.");
        boolean preview = parts.length == 4 && parts[3].equals(PREVIEW);
        boolean page = parts.length == 4 && parts[3].equals(PAGE) && parts[0].equals(PAGE);
        if (parts.length != 3 && !preview && !page
                || !ID.matcher(parts[0]).matches()
                || !ID.matcher(parts[1]).matches()) {
            return new Invalid();
        }
        Claim claim;
        try {
            claim = new Claim(parts[0], parts[1], Instant.ofEpochSecond(Long.parseLong(parts[2])), preview, page);
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
