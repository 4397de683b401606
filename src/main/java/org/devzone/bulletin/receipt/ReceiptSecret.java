package org.devzone.bulletin.receipt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.devzone.bulletin.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The key receipt links are signed with: from configuration (the environment), else one kept in the data directory. */
public final class ReceiptSecret {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiptSecret.class);

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private ReceiptSecret() {}

    public static byte[] resolve(String configured, Path dataDir) {
        if (!configured.isBlank()) {
            byte[] key = configured.strip().getBytes(StandardCharsets.UTF_8);
            if (key.length < 16) {
                throw ConfigException.of("dispatcher.receipts.secret (DISPATCHER_RECEIPTS_SECRET) is too short:"
                        + " use at least 16 characters");
            }
            return key;
        }
        Path file = dataDir.resolve("receipt-secret");
        try {
            boolean posix = Files.getFileStore(Files.createDirectories(dataDir))
                    .supportsFileAttributeView(PosixFileAttributeView.class);
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                // Readable by its owner only, from the moment it exists: whoever reads it can sign for any zone.
                if (posix) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                }
                Files.writeString(file, Base64.getEncoder().encodeToString(random) + "\n", StandardCharsets.US_ASCII);
                LOG.warn(
                        "Receipt links are signed with a new random key in {}; set DISPATCHER_RECEIPTS_SECRET when several"
                                + " nodes serve them",
                        file.toAbsolutePath());
            } else if (posix && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
                LOG.warn("{} was readable by others; it is now readable by its owner only", file.toAbsolutePath());
            }
            return Base64.getDecoder()
                    .decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the receipt key in " + file, e);
        }
    }
}
