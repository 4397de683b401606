package org.devzone.bulletin.delivery;

import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One edition to one address on one channel, as the ledger records it.
 *
 * @param batchId the batch of a fan-out's emails it belongs to, or null: claimed on its own
 */
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
        OffsetDateTime sentAt,
        String batchId) {

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

    /**
     * The changes a delivery goes through, each allowed only from the states it names: the ledger applies a change
     * only where the row is in one of them, so two consumers, a retry and the sweep can never undo each other (a sent
     * delivery, above all, is never touched again).
     */
    public enum Transition {
        /** A consumer takes it to send (an attempt). */
        CLAIM(Set.of(Status.PENDING, Status.RETRYING)),
        /** The provider took it. */
        SEND(Set.of(Status.SENDING)),
        /** A failure that may pass: tried again later. */
        RETRY(Set.of(Status.SENDING)),
        /** Its robot says wait: the claim is handed back, the attempt not counted. */
        RELEASE(Set.of(Status.SENDING)),
        /** The consumer holding it stopped while sending: tried again. */
        INTERRUPT(Set.of(Status.SENDING)),
        /** A failure that will not pass, or the last attempt: given up with the reason. */
        GIVE_UP(Set.of(Status.PENDING, Status.SENDING, Status.RETRYING, Status.DEAD)),
        /** Staff take a given-up (or stuck) delivery back, with a fresh count of attempts. */
        REDRIVE(Set.of(Status.DEAD, Status.RETRYING));

        private final Set<Status> from;

        Transition(Set<Status> from) {
            this.from = from;
        }

        /** Whether a delivery in {@code status} may go through this change. */
        public boolean allowedFrom(Status status) {
            return from.contains(status);
        }

        /** The ledger's guard for this change: {@code status IN ('pending', 'retrying')}. */
        String guard() {
            return from.stream()
                    .sorted()
                    .map(s -> "'" + s.wireName() + "'")
                    .collect(Collectors.joining(", ", "status IN (", ")"));
        }
    }

    /**
     * A delivery held for sending: claimed on its own ({@code sending}), or still waiting in a batch the holder claimed.
     * The holder of a batch is the only one that may send its deliveries, so it records them from where they wait.
     */
    static final String HELD = "(status = 'sending' OR batch_id IS NOT NULL AND status IN ('pending', 'retrying'))";

    /** A batch's delivery counts its attempt when the outcome is recorded, one claimed on its own when claimed. */
    static final String COUNT_ATTEMPT = "attempts = attempts + CASE WHEN batch_id IS NULL THEN 0 ELSE 1 END";

    /** The same delivery in the hands of its batch's holder: being sent, this attempt counted. */
    Delivery heldInBatch() {
        return new Delivery(
                id,
                bulletinId,
                editionId,
                zoneId,
                channel,
                address,
                Status.SENDING,
                attempts + 1,
                partsSent,
                lastError,
                providerMessageId,
                createdAt,
                updatedAt,
                sentAt,
                batchId);
    }

    public Delivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
    }
}
