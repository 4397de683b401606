package org.devzone.bulletin.delivery;

import jakarta.mail.MessagingException;
import org.devzone.bulletin.platform.StoreException;
import org.devzone.bulletin.zone.Contact;
import org.devzone.bulletin.zone.Zone;
import org.devzone.bulletin.zone.ZoneDirectory;

/**
 * Email: the edition as a MIME mail to the contact's address, through a pooled SMTP connection that the mails of one
 * queue message share, as they share what their mails have in common, encoded once. A mail the server refuses fails on
 * its own; a connection that breaks fails the rest alike.
 */
final class EmailChannel implements Channel {

    private final EmailComposer composer;
    private final PooledMailSender mail;
    private final ZoneDirectory zones;

    EmailChannel(EmailComposer composer, PooledMailSender mail, ZoneDirectory zones) {
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
            private PooledMailSender.Connection connection;

            @Override
            public Outcome send(Parcel parcel) {
                EmailComposer.EncodedMail message;
                try {
                    message = compose(batch, parcel);
                } catch (MessagingException | RuntimeException failure) {
                    if (failure instanceof StoreException store) {
                        throw store; // the database, not this mail
                    }
                    // This mail's own: nothing was sent, and the connection is as good as before.
                    return new Outcome.Failed(FailureClassifier.compositionFailure("the email", failure));
                }
                try {
                    if (connection == null) {
                        connection = mail.connection();
                    }
                    connection.send(composer.from(), message);
                    return new Outcome.Sent(
                            EmailComposer.messageId(parcel.delivery().id()), null);
                } catch (MessagingException | RuntimeException failure) {
                    close(); // a connection that failed is discarded, never used again
                    return new Outcome.Failed(failure, !FailureClassifier.concernsThisMailOnly(failure));
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
