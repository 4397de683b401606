package org.devzone.bulletin.delivery;

import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.devzone.bulletin.platform.StoreException;
import org.devzone.bulletin.zone.Contact;
import org.devzone.bulletin.zone.Zone;
import org.devzone.bulletin.zone.ZoneDirectory;

/**
 * Email: the edition as a MIME mail to the contact's address, through a pooled SMTP connection that the mails of one
 * queue message share, as they share what their mails have in common, encoded once. The batch's mails (up to {@code
 * AHEAD_BYTES}) go out together ({@link SmtpConnection#stream}), each composed while the ones before it are on their
 * way; mails beyond go one by one, each composed while the one before it is sent. A mail the server refuses fails on
 * its own; a connection that breaks fails the rest alike.
 */
final class EmailChannel implements Channel {

    /** How much of a batch is composed before it is sent together: plain bulletins fit; large attachments do not. */
    static final long AHEAD_BYTES = 2L << 20;

    private final EmailComposer composer;
    private final PipeliningMailSender mail;
    private final ZoneDirectory zones;

    EmailChannel(EmailComposer composer, PipeliningMailSender mail, ZoneDirectory zones) {
        this.composer = composer;
        this.mail = mail;
        this.zones = zones;
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public boolean carriesFiles() {
        return true;
    }

    @Override
    public Sending open() {
        return new Sending() {
            private final EmailComposer.Batch batch = composer.batch();
            private SmtpConnection connection;
            /** The mail composed ahead for the parcel sent next, or null. */
            private Parcel composedFor;

            private EmailComposer.EncodedMail composed;

            /** Outcomes of the mails sent together by {@link #begin}, by parcel. */
            private final Map<Parcel, Outcome> sentTogether = new IdentityHashMap<>();

            /**
             * Sends the batch's mails (up to {@code AHEAD_BYTES} of them) together, each composed while the ones
             * before it are on their way and sent the moment the server answered the one before; mails beyond go one
             * by one.
             */
            @Override
            public void begin(List<Parcel> parcels) {
                List<Parcel> together = new ArrayList<>();
                SmtpStream stream = null;
                long bytes = 0;
                for (Parcel parcel : parcels) {
                    if (bytes >= AHEAD_BYTES) {
                        break;
                    }
                    EmailComposer.EncodedMail composed;
                    try {
                        composed = compose(batch, parcel);
                    } catch (StoreException store) {
                        break; // the database, not this mail: its own send says so, after what went out is recorded
                    } catch (MessagingException | RuntimeException failure) {
                        sentTogether.put(
                                parcel, new Outcome.Failed(FailureClassifier.compositionFailure("the email", failure)));
                        continue;
                    }
                    if (stream == null) {
                        try {
                            if (connection == null) {
                                connection = mail.connection();
                            }
                        } catch (MessagingException | RuntimeException failure) {
                            close(); // no connection: the batch fails alike
                            sentTogether.put(parcel, new Outcome.Failed(failure, true));
                            return;
                        }
                        stream = connection.stream(composer.from(), parcels.size());
                    }
                    stream.add(composed);
                    together.add(parcel);
                    bytes += composed.bytes().length;
                }
                if (stream == null) {
                    return;
                }
                List<MessagingException> results = stream.end();
                for (int i = 0; i < together.size(); i++) {
                    Parcel parcel = together.get(i);
                    MessagingException failure = results.get(i);
                    sentTogether.put(
                            parcel,
                            failure == null
                                    ? new Outcome.Sent(
                                            EmailComposer.messageId(
                                                    parcel.delivery().id()),
                                            null)
                                    : new Outcome.Failed(failure, !FailureClassifier.concernsThisMailOnly(failure)));
                }
                if (!connection.usable()) {
                    close();
                }
            }

            @Override
            public Outcome send(Parcel parcel) {
                return send(parcel, null);
            }

            @Override
            public Outcome send(Parcel parcel, Parcel next) {
                Outcome already = sentTogether.remove(parcel);
                if (already != null) {
                    return already;
                }
                EmailComposer.EncodedMail message;
                try {
                    message = parcel == composedFor ? composed : compose(batch, parcel);
                } catch (MessagingException | RuntimeException failure) {
                    if (failure instanceof StoreException store) {
                        throw store; // the database, not this mail
                    }
                    // This mail's own: nothing was sent, and the connection is as good as before.
                    return new Outcome.Failed(FailureClassifier.compositionFailure("the email", failure));
                }
                composedFor = null;
                composed = null;
                EmailComposer.EncodedMail following = sentTogether.containsKey(next) ? null : ahead(next);
                try {
                    if (connection == null) {
                        connection = mail.connection();
                    }
                    connection.send(composer.from(), message, following);
                    return new Outcome.Sent(
                            EmailComposer.messageId(parcel.delivery().id()), null);
                } catch (MessagingException | RuntimeException failure) {
                    if (FailureClassifier.concernsThisMailOnly(failure)) {
                        if (!connection.usable()) {
                            close(); // the next mail opens another
                        }
                        return new Outcome.Failed(failure, false);
                    }
                    close(); // a connection that failed is discarded, never used again
                    return new Outcome.Failed(failure, true);
                }
            }

            /**
             * The next parcel's mail, composed now so that its envelope travels with this mail's content; null when
             * there is none or it cannot be composed (its own send says why).
             */
            private EmailComposer.EncodedMail ahead(Parcel next) {
                if (next == null) {
                    return null;
                }
                try {
                    composed = compose(batch, next);
                    composedFor = next;
                    return composed;
                } catch (MessagingException | RuntimeException failure) {
                    return null;
                }
            }

            @Override
            public void close() {
                if (connection != null) {
                    connection.close();
                    connection = null;
                }
            }
        };
    }

    private EmailComposer.EncodedMail compose(EmailComposer.Batch batch, Parcel parcel) throws MessagingException {
        Delivery d = parcel.delivery();
        Zone zone = zones.find(d.zoneId())
                .orElseThrow(() -> new IllegalStateException("zone " + d.zoneId() + " is no longer in the directory"));
        String recipient = zone.contacts().stream()
                .filter(c -> c.email().equals(d.address()))
                .map(Contact::name)
                .findFirst()
                .orElse(zone.name());
        return batch.compose(d.id(), d.address(), recipient, parcel.edition());
    }
}
