package org.devzone.bulletin.access;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.devzone.bulletin.config.ConfigException;
import org.devzone.bulletin.zone.ZoneDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tokens.yaml} as it is now: the file is looked at every few seconds and read again when its content changed, so
 * a token removed stops working and a token added works without a restart. An edit that does not load (a typo) is
 * refused with its file and line, and the tokens loaded before stay in force until the file is fixed.
 */
public final class LiveTokens implements TokenSource {

    private static final Logger LOG = LoggerFactory.getLogger(LiveTokens.class);

    private final Path file;
    private final ZoneDirectory zones;
    private volatile ApiTokens tokens;
    private volatile List<String> problems = List.of();
    private String fingerprint;

    public LiveTokens(Path file, ZoneDirectory zones, ApiTokens loaded) {
        this.file = file;
        this.zones = zones;
        this.tokens = loaded;
        this.fingerprint = fingerprint();
    }

    @Override
    public ApiTokens current() {
        return tokens;
    }

    /** What was wrong with the last edit refused (empty when the file in force is the file on disk). */
    public List<String> problems() {
        return problems;
    }

    /** Reads the file again if its content changed; true when new tokens are in force. */
    public synchronized boolean reloadIfChanged() {
        String now = fingerprint();
        if (now.equals(fingerprint)) {
            return false;
        }
        fingerprint = now;
        try {
            tokens = ApiTokens.load(file, zones);
            problems = List.of();
            LOG.info("Tokens reloaded from {}: {} token(s) in force", file, tokens.size());
            return true;
        } catch (ConfigException e) {
            problems = e.problems();
            LOG.error("Edit of {} refused, the tokens loaded before stay in force until it is fixed:{}{}", file,
                    System.lineSeparator(), String.join(System.lineSeparator(), e.problems()));
            return false;
        }
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
