package org.devzone.bulletin.delivery;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.SendFailedException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * What a failed send means: whether it is permanent (the delivery is dead) or may pass (it is tried again), whether
 * it concerns one mail of a batch or the connection they share, and a reason a person understands.
 */
final class FailureClassifier {

    private FailureClassifier() {}

    /**
     * Whether a failure concerns one mail only: the server answered for this mail (refused its sender, a recipient or
     * its content), or its template failed. Anything else (no connection, a broken one, no answer) would fail every
     * mail after it alike.
     */
    static boolean concernsThisMailOnly(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SendFailedException
                    || t instanceof SMTPAddressFailedException
                    || t instanceof EditionTemplates.TemplateFailure) {
                return true;
            }
        }
        return false;
    }

    /** Permanent: the server refused the recipient or the message for good (5xx), or our credentials. */
    static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DeliveryFailure channelFailure) {
                return channelFailure.permanent();
            }
            if (t instanceof EditionTemplates.TemplateFailure) {
                return false;
            }
            if (t instanceof AuthenticationFailedException) {
                return true;
            }
            if (t instanceof SMTPAddressFailedException address) {
                return address.getReturnCode() >= 500;
            }
            if (t instanceof SMTPSendFailedException send) {
                return send.getReturnCode() >= 500;
            }
            if (t instanceof SendFailedException send
                    && send.getInvalidAddresses() != null
                    && send.getInvalidAddresses().length > 0
                    && send.getNextException() == null) {
                return true;
            }
            if (t instanceof ConnectException
                    || t instanceof SocketTimeoutException
                    || t instanceof UnknownHostException) {
                return false;
            }
        }
        return false;
    }

    /**
     * A mail or message that could not be built: a template that failed may be fixed (tried again); anything else (a
     * header Jakarta Mail refuses, stored before it was checked) will fail the same way every time, so it is given up.
     */
    static DeliveryFailure compositionFailure(String what, Exception failure) {
        boolean template = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            template |= t instanceof EditionTemplates.TemplateFailure;
        }
        return new DeliveryFailure(
                what + " could not be composed: " + failure.getClass().getSimpleName() + ": "
                        + String.valueOf(failure.getMessage())
                                .replaceAll("\\s+", " ")
                                .strip(),
                !template,
                failure);
    }

    /** A reason a person understands. */
    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DeliveryFailure channelFailure) {
                return channelFailure.getMessage();
            }
            if (t instanceof SMTPAddressFailedException a) {
                return "the mail server refused the address " + a.getAddress().getAddress() + ": "
                        + a.getMessage().strip();
            }
            if (t instanceof SMTPSendFailedException s) {
                return "the mail server refused the message: " + s.getMessage().strip();
            }
            if (t instanceof AuthenticationFailedException) {
                return "the mail server refused our login (dispatcher.mail.user / DISPATCHER_MAIL_PASSWORD)";
            }
            if (t instanceof ConnectException c) {
                return "cannot connect to the mail server: " + c.getMessage();
            }
            if (t instanceof SocketTimeoutException) {
                return "the mail server did not answer in time";
            }
        }
        return failure == null ? "unknown failure" : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
