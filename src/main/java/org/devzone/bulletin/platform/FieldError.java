package org.devzone.bulletin.platform;

import java.util.Objects;

/** One problem with one field of a request, in words the person who sent it can act on. */
public record FieldError(String field, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
