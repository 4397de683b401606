package org.devzone.bulletin.notice;

/** What is shown of a stored attachment without its bytes. */
public record AttachmentInfo(String name, String contentType, int size) {}
