package org.devzone.bulletin.staff;

import java.util.Locale;
import java.util.Objects;

/** A person of the office: may queue notices by email ({@code intake}) and receives the office's reports. */
public record StaffMember(String name, String email, boolean intake, boolean reports) {

    public StaffMember {
        Objects.requireNonNull(name, "name");
        email = email.strip().toLowerCase(Locale.ROOT);
    }
}
