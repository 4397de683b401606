package org.devzone.bulletin.delivery;

import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

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

    public Delivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
    }
}
