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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
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
        MessagingException[] results = new MessagingException[mails.size()];
        if (!pipelining || opened != null || broken || closed) {
            for (int i = 0; i < mails.size(); i++) {
                try {
                    send(from, mails.get(i), i + 1 < mails.size() && pipelining ? mails.get(i + 1) : null);
                } catch (MessagingException e) {
                    results[i] = e;
                }
            }
            return Arrays.asList(results);
        }
        Chain chain = new Chain(from, mails, results);
        try {
            sender.await(chain.start(), mails.size() + 1);
        } catch (MessagingException e) {
            broken = true;
            Arrays.fill(results, chain.decided, results.length, e);
        }
        broken |= chain.broken;
        return Arrays.asList(results);
    }

    /** A batch's mails sent from the connection's thread, each step started by the answers to the one before. */
    private final class Chain {
        private final InternetAddress from;
        private final List<EmailComposer.EncodedMail> mails;
        private final MessagingException[] results;
        private final CompletableFuture<SmtpClientResponse> done = new CompletableFuture<>();
        /** How many mails have their result; written by the connection's thread, read after {@code done}. */
        private volatile int decided;

        private volatile boolean broken;

        Chain(InternetAddress from, List<EmailComposer.EncodedMail> mails, MessagingException[] results) {
            this.from = from;
            this.mails = mails;
            this.results = results;
        }

        CompletableFuture<SmtpClientResponse> start() {
            if (mails.isEmpty()) {
                done.complete(null);
            } else {
                step(session.sendPipelined(envelope(from, mails.get(0))), r -> answered(0, r.getResponses()));
            }
            return done;
        }

        /** The answers to mail i's MAIL, RCPT and DATA. */
        private void answered(int i, List<SmtpResponse> answers) {
            if (answers.stream().noneMatch(SmtpResponses::isError)) {
                sendContent(i);
                return;
            }
            try {
                results[i] = refusal(answers, mails.get(i).recipient());
            } catch (MessagingException e) {
                results[i] = e;
            }
            decided = i + 1;
            if (answers.size() >= 3 && answers.get(2).code() == 354) {
                broken = true; // the server waits for content after all
                done.completeExceptionally(new MessagingException("the mail server took DATA after a refusal"));
                return;
            }
            // The server forgets the refused transaction, with the next mail's envelope in the same write.
            SmtpRequest reset = SmtpRequests.rset();
            if (i + 1 == mails.size()) {
                step(session.send(reset), r -> finish(r.getResponses().get(0)));
                return;
            }
            SmtpRequest[] next = envelope(from, mails.get(i + 1));
            step(session.sendPipelined(reset, next[0], next[1], next[2]), r -> {
                List<SmtpResponse> all = r.getResponses();
                if (SmtpResponses.isError(all.get(0))) {
                    finish(all.get(0));
                } else {
                    answered(i + 1, all.subList(1, all.size()));
                }
            });
        }

        /** Mail i's content, with the next mail's envelope. */
        private void sendContent(int i) {
            if (i + 1 == mails.size()) {
                step(session.send(content(mails.get(i))), r -> {
                    taken(i, r.getResponses().get(0));
                    done.complete(r);
                });
                return;
            }
            step(session.sendPipelined(content(mails.get(i)), envelope(from, mails.get(i + 1))), r -> {
                List<SmtpResponse> all = r.getResponses();
                taken(i, all.get(0));
                answered(i + 1, all.subList(1, all.size()));
            });
        }

        private void taken(int i, SmtpResponse answer) {
            if (SmtpResponses.isError(answer)) {
                results[i] = contentRefused(answer);
            }
            decided = i + 1;
        }

        /** After a refused last mail: the reset's answer ends the batch. */
        private void finish(SmtpResponse reset) {
            broken = SmtpResponses.isError(reset);
            done.complete(null);
        }

        private void step(CompletableFuture<SmtpClientResponse> answer, Consumer<SmtpClientResponse> then) {
            answer.whenComplete((r, failure) -> {
                if (failure != null) {
                    done.completeExceptionally(failure);
                    return;
                }
                try {
                    then.accept(r);
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        }
    }

    private static SmtpRequest[] envelope(InternetAddress from, EmailComposer.EncodedMail mail) {
        return new SmtpRequest[] {
            SmtpRequests.mail(from.getAddress()), SmtpRequests.rcpt(mail.recipient()), SmtpRequests.data()
        };
    }

    private static MessageContent content(EmailComposer.EncodedMail mail) {
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
    private static MessagingException refusal(List<SmtpResponse> answers, String recipient) throws MessagingException {
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
    private static SMTPSendFailedException contentRefused(SmtpResponse answer) {
        return new SMTPSendFailedException("DATA", answer.code(), text(answer), null, null, null, null);
    }

    /** An answer as the server wrote it: "550 5.1.1 User unknown". */
    static String text(SmtpResponse response) {
        return response.code() + " " + String.join(" ", response.details());
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
