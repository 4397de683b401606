package org.devzone.bulletin.notice;

import org.devzone.bulletin.cadence.Category;

/** Which notices a listing shows; null fields do not filter. Pages are numbered from 1. */
public record NoticeFilter(NoticeStatus status, Category category, String slot, int page, int size) {

    public static final int MAX_SIZE = 200;

    public NoticeFilter {
        if (page < 1 || size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("page from 1, size 1-" + MAX_SIZE);
        }
    }
}
