package org.devzone.bulletin.notice;

import java.util.Objects;

/** A file sent with a notice. */
public record Attachment(String name, String contentType, byte[] content) {

    public Attachment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(content, "content");
    }

    public int size() {
        return content.length;
    }
}
