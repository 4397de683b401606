package org.devzone.bulletin.access;

import java.util.Objects;

/** A configured API token: who holds it, its role and, for a zone's token, the zone it acts for. Only its hash is kept. */
public record ApiToken(String name, Role role, String zoneId, byte[] sha256) {

    public ApiToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if ((role == Role.ZONE) != (zoneId != null)) {
            throw new IllegalArgumentException("a zone's token names its zone, and only a zone's token does");
        }
        if (sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 hash has 32 bytes");
        }
        sha256 = sha256.clone();
    }
}
