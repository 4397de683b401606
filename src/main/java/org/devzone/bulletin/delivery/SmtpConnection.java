package org.devzone.bulletin.delivery;

import com.hubspot.smtp.client.Extension;
import com.hubspot.smtp.client.SmtpClientResponse;
import com.hubspot.smtp.client.SmtpSession;
import com.hubspot.smtp.messages.MessageContent;
import com.hubspot.smtp.messages.MessageContentEncoding;
import com.hubspot.smtp.utils.SmtpResponses;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.smtp.SmtpRequest;
import io.netty.handler.codec.smtp.SmtpRequests;
import io.netty.handler.codec.smtp.SmtpResponse;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * An SMTP connection held by one batch of mails ({@link PipeliningMailSender#connection()}), which sends them one after
 * the other. Where the server offers PIPELINING (RFC 2920), a mail costs one round trip: its content leaves in one
 * write with the next mail's MAIL, RCPT and DATA, and the answers to both come back together. Elsewhere each command
 * waits for its answer. A refusal of one mail (its sender, its recipient or its content) is thrown as the Jakarta Mail
 * exception {@link FailureClassifier} reads, and the connection stays usable; any other failure breaks it, and a broken
 * connection is closed when given back, never reused.
 */
public final class SmtpConnection implements AutoCloseable {

    private final SmtpSession session;
    private final PipeliningMailSender sender;
    private final boolean pipelining;
    /** The mail whose MAIL, RCPT and DATA went out with the last content, and their answers; or null. */
    private EmailComposer.EncodedMail opened;

    private List<SmtpResponse> openedAnswers;
    private boolean broken;
    private boolean closed;

    SmtpConnection(SmtpSession session, PipeliningMailSender sender) {
        this.session = session;
        this.sender = sender;
        this.pipelining = session.getEhloResponse().isSupported(Extension.PIPELINING);
    }

    /** Sends one mail, its bytes as they are, and waits for the server to take it. */
    public void send(InternetAddress from, EmailComposer.EncodedMail mail) throws MessagingException {
        send(from, mail, null);
    }

    /**
     * Sends one mail and waits for the server to take it. {@code next}, when given, is the mail this connection sends
     * next: its envelope goes out with this mail's content, and the next call must send it.
     */
    public void send(InternetAddress from, EmailComposer.EncodedMail mail, EmailComposer.EncodedMail next)
            throws MessagingException {
        if (broken || closed) {
            throw new MessagingException("this SMTP connection already failed");
        }
        if (!pipelining) {
            List<SmtpResponse> answers = exchange(session.send(from.getAddress(), mail.recipient(), content(mail)));
            if (answers.stream().anyMatch(SmtpResponses::isError)) {
                refused(answers, mail);
            }
            return;
        }
        List<SmtpResponse> envelope;
        if (opened == null) {
            envelope = exchange(session.sendPipelined(envelope(from, mail)));
        } else if (opened.equals(mail)) {
            envelope = openedAnswers;
        } else {
            broken = true; // the server waits for another mail's content
            throw new MessagingException("mails sent out of order on one SMTP connection");
        }
        opened = null;
        openedAnswers = null;
        if (envelope.stream().anyMatch(SmtpResponses::isError)) {
            refused(envelope, mail);
        }
        List<SmtpResponse> answers = next == null
                ? exchange(session.send(content(mail)))
                : exchange(session.sendPipelined(content(mail), envelope(from, next)));
        if (next != null) {
            opened = next;
            openedAnswers = answers.subList(1, answers.size());
        }
        SmtpResponse taken = answers.get(0);
        if (SmtpResponses.isError(taken)) {
            throw contentRefused(taken);
        }
    }

    /**
     * Sends mails one after the other and answers, for each, null (the server took it) or why not, as {@link
     * #send} would have thrown it. With PIPELINING the connection's own thread sends each mail the moment the answers
     * to the one before arrive, without waking the caller between mails; the caller waits for the last.
     */
    public List<MessagingException> sendAll(InternetAddress from, List<EmailComposer.EncodedMail> mails) {
        SmtpStream stream = stream(from, mails.size());
        mails.forEach(stream::add);
        return stream.end();
    }

    /**
     * Starts sending at most {@code capacity} mails one after the other, each as soon as the caller adds it and the
     * server answered the one before: the caller composes the next mails while the first are on their way.
     */
    public SmtpStream stream(InternetAddress from, int capacity) {
        return new SmtpStream(
                this, session, sender, from, capacity, pipelining && opened == null && !broken && !closed);
    }

    static SmtpRequest[] envelope(InternetAddress from, EmailComposer.EncodedMail mail) {
        return new SmtpRequest[] {
            SmtpRequests.mail(from.getAddress()), SmtpRequests.rcpt(mail.recipient()), SmtpRequests.data()
        };
    }

    static MessageContent content(EmailComposer.EncodedMail mail) {
        return MessageContent.of(Unpooled.wrappedBuffer(mail.bytes()), MessageContentEncoding.SEVEN_BIT);
    }

    private List<SmtpResponse> exchange(CompletableFuture<SmtpClientResponse> answer) throws MessagingException {
        try {
            return sender.await(answer).getResponses();
        } catch (MessagingException | RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    /**
     * A mail refused before its content: the server forgets the transaction (RSET) and the refusal is thrown. A server
     * that took DATA all the same waits for content: that connection is not reused.
     */
    private void refused(List<SmtpResponse> answers, EmailComposer.EncodedMail mail) throws MessagingException {
        try {
            throw refusal(answers, mail.recipient());
        } finally {
            if (answers.size() >= 3 && answers.get(2).code() == 354) {
                broken = true;
            } else {
                reset();
            }
        }
    }

    private void reset() {
        try {
            broken = exchange(session.send(SmtpRequests.rset())).stream().anyMatch(SmtpResponses::isError);
        } catch (MessagingException | RuntimeException e) {
            broken = true;
        }
    }

    /**
     * The first refusal among a mail's answers (MAIL, RCPT, then DATA and its content), as Jakarta Mail reports it: a
     * refused recipient names its address; 4xx may pass and 5xx is for good.
     */
    static MessagingException refusal(List<SmtpResponse> answers, String recipient) throws MessagingException {
        for (int i = 0; i < answers.size(); i++) {
            SmtpResponse answer = answers.get(i);
            if (SmtpResponses.isError(answer)) {
                String text = text(answer);
                return switch (i) {
                    case 0 -> new SMTPSendFailedException("MAIL FROM", answer.code(), text, null, null, null, null);
                    case 1 ->
                        new SMTPAddressFailedException(new InternetAddress(recipient), "RCPT TO", answer.code(), text);
                    default -> contentRefused(answer);
                };
            }
        }
        throw new IllegalArgumentException("no refusal among " + answers);
    }

    /** The server's refusal of DATA or of a mail's content, as Jakarta Mail reports it. */
    static SMTPSendFailedException contentRefused(SmtpResponse answer) {
        return new SMTPSendFailedException("DATA", answer.code(), text(answer), null, null, null, null);
    }

    /** An answer as the server wrote it: "550 5.1.1 User unknown". */
    static String text(SmtpResponse response) {
        return response.code() + " " + String.join(" ", response.details());
    }

    /** A stream's exchange with the server failed: the connection is not reused. */
    void broke() {
        broken = true;
    }

    /** Whether it can send another mail (it did not break, and is not given back). */
    public boolean usable() {
        return !broken && !closed;
    }

    /** Gives the connection back; one left waiting for a mail's content (a batch cut short) is closed. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sender.giveBack(session, broken || opened != null);
    }
}
