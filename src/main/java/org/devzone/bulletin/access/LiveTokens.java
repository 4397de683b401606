package org.devzone.bulletin.access;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.devzone.bulletin.config.Reloadable;
import org.devzone.bulletin.zone.ZoneDirectory;

/**
 * {@code tokens.yaml} as it is now: the file is looked at every few seconds and read again when its content changed, so
 * a token removed stops working and a token added works without a restart. An edit that does not load (a typo) is
 * refused with its file and line, and the tokens loaded before stay in force until the file is fixed.
 */
public final class LiveTokens implements TokenSource {

    private final Path file;
    private final Reloadable<ApiTokens> tokens;

    public LiveTokens(Path file, ZoneDirectory zones, ApiTokens loaded) {
        this.file = file;
        this.tokens = new Reloadable<>(
                file.toString(),
                loaded,
                this::fingerprint,
                () -> ApiTokens.load(file, zones),
                t -> t.size() + " token(s) in force");
    }

    @Override
    public ApiTokens current() {
        return tokens.get();
    }

    /** What was wrong with the last edit refused (empty when the file in force is the file on disk). */
    public List<String> problems() {
        return tokens.problems();
    }

    /** Reads the file again if its content changed; true when new tokens are in force. */
    public boolean reloadIfChanged() {
        return tokens.reloadIfChanged();
    }

    /** The SHA-256 of the file's content; "absent" when there is none. */
    private String fingerprint() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return "absent";
        } catch (IOException e) {
            return "unreadable: " + e;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
