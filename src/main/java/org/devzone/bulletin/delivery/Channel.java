package org.devzone.bulletin.delivery;

import java.util.List;

/**
 * A way to reach a zone (email, a webhook, a QQ group, a group robot): it sends one delivery's edition and says what
 * became of it. Adding a channel is one class implementing this and one line where the channels are listed
 * ({@code DeliveryConfiguration}).
 */
public interface Channel {

    /** The channel's name in the ledger and in {@code channels.yaml}: {@code email}, {@code wecom}, ... */
    String name();

    /** Whether its editions carry the notices' files (email) or only text (chat). */
    default boolean carriesFiles() {
        return false;
    }

    /**
     * Opens a sending for the deliveries of one queue message (one, or a batch of emails over one connection); the
     * delivery route closes it after the last.
     */
    Sending open();

    /** Sends the deliveries of one queue message, one after the other. */
    interface Sending extends AutoCloseable {

        /**
         * Sends one delivery's edition. What the provider said is the outcome; only a failure of the ledger itself
         * ({@link org.devzone.bulletin.platform.StoreException}) is thrown.
         */
        Outcome send(Parcel parcel);

        /**
         * Sends one delivery's edition, knowing the one this message sends right after it (null after the last): a
         * channel may prepare that one meanwhile, as email sends the next mail's envelope with this mail's content.
         */
        default Outcome send(Parcel parcel, Parcel next) {
            return send(parcel);
        }

        /**
         * Before the first {@code send}: every parcel of the message, in the order they will be sent. A channel may
         * send some of them at once here (email sends a batch's mails together) and answer their outcomes from
         * {@code send}.
         */
        default void begin(List<Parcel> parcels) {}

        @Override
        default void close() {}
    }

    /** One claimed delivery, its edition, and the robot's slot its message waited for (or null). */
    record Parcel(Delivery delivery, EditionTemplates.Edition edition, Pacer.Slot slot) {}

    /** What became of a delivery: sent, failed (for good or for now, as the failure says), or not yet (paced). */
    sealed interface Outcome {

        /** The provider took it; its id for the message (when it gave one) and, for chat, in how many parts. */
        record Sent(String providerId, Integer parts) implements Outcome {}

        /**
         * It failed; {@link FailureClassifier} tells whether for good. {@code channelDown}: the channel itself failed
         * (a broken SMTP connection), so every delivery after this one in the message fails alike.
         */
        record Failed(Throwable cause, boolean channelDown) implements Outcome {

            public Failed(Throwable cause) {
                this(cause, false);
            }
        }

        /** Its robot may not take another message before this slot: it waits on the broker until then. */
        record NotYet(Pacer.Slot slot) implements Outcome {}
    }
}
