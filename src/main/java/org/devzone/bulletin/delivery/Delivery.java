package org.devzone.bulletin.delivery;

import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Objects;

/** One edition to one address on one channel, as the ledger records it. */
public record Delivery(
        String id,
        String bulletinId,
        String editionId,
        String zoneId,
        String channel,
        String address,
        Status status,
        int attempts,
        int partsSent,
        String lastError,
        String providerMessageId,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime sentAt) {

    /** Where a delivery is: queued, being sent, sent, failed and to be retried, or given up. */
    public enum Status {
        PENDING,
        SENDING,
        SENT,
        RETRYING,
        DEAD;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status of(String wireName) {
            return valueOf(wireName.toUpperCase(Locale.ROOT));
        }
    }

    public Delivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
    }
}
