package org.devzone.bulletin.access;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What a token may do: staff queue, withdraw and read; admins also fire, re-drive and reload; a zone acts for itself. */
public enum Role {
    ZONE("zone"),
    STAFF("staff"),
    ADMIN("admin");

    public static final Map<String, Role> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toMap(Role::wireName, Function.identity()));

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether a token of this role may do what {@code needed} may. */
    public boolean covers(Role needed) {
        return this == needed || this == ADMIN && needed == STAFF;
    }
}
