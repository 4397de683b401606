package org.devzone.bulletin.access;

import java.util.Objects;

/** A configured API token: who holds it and, for a zone's token, which zone it acts for. Only its hash is kept. */
public record ApiToken(String name, String zoneId, byte[] sha256) {

    public ApiToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zoneId, "zoneId");
        if (sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 hash has 32 bytes");
        }
        sha256 = sha256.clone();
    }
}
