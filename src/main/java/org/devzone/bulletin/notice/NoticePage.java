package org.devzone.bulletin.notice;

import java.util.List;

/** One page of a listing and how many notices match in all. */
public record NoticePage(List<Notice> items, int page, int size, long total) {

    public NoticePage {
        items = List.copyOf(items);
    }
}
