package org.devzone.bulletin.receipt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.devzone.bulletin.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The key receipt links are signed with: from configuration (the environment), else one kept in the data directory. */
public final class ReceiptSecret {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiptSecret.class);

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
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Files.createDirectories(dataDir);
                Files.writeString(file, Base64.getEncoder().encodeToString(random) + "\n", StandardCharsets.US_ASCII);
                LOG.warn("Receipt links are signed with a new random key in {}; set DISPATCHER_RECEIPTS_SECRET when several"
                        + " nodes serve them", file.toAbsolutePath());
            }
            return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the receipt key in " + file, e);
        }
    }
}
