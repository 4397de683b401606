package org.devzone.bulletin.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Splits a message too long for a channel into numbered parts ({@code （1/3）}), at paragraph boundaries where it can,
 * else at line ends, else between characters: never inside one (a code point, surrogate pairs included).
 */
public final class MessageSplitter {

    /** Length in characters (code points), for channels that limit characters. */
    public static final ToIntFunction<String> CHARACTERS = s -> s.codePointCount(0, s.length());

    /** Length in UTF-8 bytes, for channels that limit bytes. */
    public static final ToIntFunction<String> UTF8_BYTES = s -> s.getBytes(StandardCharsets.UTF_8).length;

    private MessageSplitter() {}

    /** The text itself when it fits; otherwise parts that each fit, numbered. */
    public static List<String> split(String text, int limit, ToIntFunction<String> length) {
        if (length.applyAsInt(text) <= limit) {
            return List.of(text);
        }
        int room = limit - length.applyAsInt(prefix(99, 99));
        if (room < 16) {
            throw new IllegalArgumentException("a limit of " + limit + " leaves no room for a part");
        }
        List<String> pieces = new ArrayList<>();
        for (String paragraph : text.split("\n\n")) {
            pieces.addAll(fit(paragraph, room, length));
        }
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String piece : pieces) {
            String joined = current.isEmpty() ? piece : current + "\n\n" + piece;
            if (length.applyAsInt(joined) <= room) {
                current.setLength(0);
                current.append(joined);
            } else {
                parts.add(current.toString());
                current.setLength(0);
                current.append(piece);
            }
        }
        if (!current.isEmpty()) {
            parts.add(current.toString());
        }
        List<String> numbered = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            numbered.add(prefix(i + 1, parts.size()) + parts.get(i));
        }
        return numbered;
    }

    /** A paragraph as pieces that each fit: whole, or by lines, or by characters. */
    private static List<String> fit(String paragraph, int room, ToIntFunction<String> length) {
        if (length.applyAsInt(paragraph) <= room) {
            return List.of(paragraph);
        }
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : paragraph.split("\n")) {
            for (String chunk : byCharacters(line, room, length)) {
                String joined = current.isEmpty() ? chunk : current + "\n" + chunk;
                if (length.applyAsInt(joined) <= room) {
                    current.setLength(0);
                    current.append(joined);
                } else {
                    pieces.add(current.toString());
                    current.setLength(0);
                    current.append(chunk);
                }
            }
        }
        if (!current.isEmpty()) {
            pieces.add(current.toString());
        }
        return pieces;
    }

    private static List<String> byCharacters(String line, int room, ToIntFunction<String> length) {
        if (length.applyAsInt(line) <= room) {
            return List.of(line);
        }
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        line.codePoints().forEach(cp -> {
            String next = current + new String(Character.toChars(cp));
            if (length.applyAsInt(next) > room) {
                chunks.add(current.toString());
                current.setLength(0);
            }
            current.appendCodePoint(cp);
        });
        if (!current.isEmpty()) {
            chunks.add(current.toString());
        }
        return chunks;
    }

    private static String prefix(int part, int of) {
        return "（" + part + "/" + of + "）\n";
    }
}
