package org.devzone.bulletin.zone;

import java.util.Objects;
import java.util.regex.Pattern;

/** A person at a zone who receives the bulletin by email. */
public record Contact(String name, String email) {

    /** Deliberately plain: a local part, an @, and a dotted domain; enough to catch typos in the directory. */
    public static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9._%+'-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");

    public Contact {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
        if (!EMAIL.matcher(email).matches()) {
            throw new IllegalArgumentException("not an email address: " + email);
        }
    }
}
