package org.devzone.bulletin.delivery;

import com.hubspot.smtp.client.SmtpClientResponse;
import com.hubspot.smtp.client.SmtpSession;
import com.hubspot.smtp.utils.SmtpResponses;
import io.netty.handler.codec.smtp.SmtpRequest;
import io.netty.handler.codec.smtp.SmtpRequests;
import io.netty.handler.codec.smtp.SmtpResponse;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Mails handed to an SMTP connection one by one ({@link SmtpConnection#stream}, then {@link #add}) and sent from the
 * connection's own thread while the caller composes the next: each the moment the server answered the one before,
 * with the next mail's envelope in the same write when that mail is already there. {@link #end} waits for the answers.
 * Without PIPELINING (or on a connection that already announced a mail) they are sent one after the other when the
 * stream ends.
 */
public final class SmtpStream {

    private final SmtpConnection connection;
    private final SmtpSession session;
    private final PipeliningMailSender sender;
    private final InternetAddress from;
    private final MessagingException[] results;
    private final boolean chained;
    private final CompletableFuture<SmtpClientResponse> done = new CompletableFuture<>();
    /** Written by the caller; read by the connection's thread. Guarded by this. */
    private final List<EmailComposer.EncodedMail> mails = new ArrayList<>();

    private boolean ended;
    /** What waits for the next mail (or null: there is none), or null. Guarded by this. */
    private Consumer<EmailComposer.EncodedMail> waiting;
    /** How many mails have their result; written by the connection's thread, read after {@code done}. */
    private volatile int decided;

    private volatile boolean chainBroken;

    SmtpStream(
            SmtpConnection connection,
            SmtpSession session,
            PipeliningMailSender sender,
            InternetAddress from,
            int capacity,
            boolean chained) {
        this.connection = connection;
        this.session = session;
        this.sender = sender;
        this.from = from;
        this.results = new MessagingException[capacity];
        this.chained = chained;
        if (chained) {
            whenMail(0, first -> {
                if (first == null) {
                    done.complete(null);
                } else {
                    step(
                            session.sendPipelined(SmtpConnection.envelope(from, first)),
                            r -> answered(0, r.getResponses()));
                }
            });
        }
    }

    /** Hands over the next mail; sent once the server answered the one before. */
    public void add(EmailComposer.EncodedMail mail) {
        Consumer<EmailComposer.EncodedMail> next;
        synchronized (this) {
            if (ended || mails.size() == results.length) {
                throw new IllegalStateException("no room for another mail in this stream");
            }
            mails.add(mail);
            next = waiting;
            waiting = null;
        }
        if (next != null) {
            next.accept(mail);
        }
    }

    /**
     * No more mails: waits for the server's answers and gives, for each mail added, null (taken) or why not. The
     * connection is broken when the exchange failed (the rest fail alike).
     */
    public List<MessagingException> end() {
        Consumer<EmailComposer.EncodedMail> next;
        int count;
        synchronized (this) {
            ended = true;
            count = mails.size();
            next = waiting;
            waiting = null;
        }
        if (!chained) {
            for (int i = 0; i < count; i++) {
                try {
                    connection.send(from, mails.get(i), i + 1 < count ? mails.get(i + 1) : null);
                } catch (MessagingException e) {
                    results[i] = e;
                }
            }
            return Arrays.asList(results).subList(0, count);
        }
        if (next != null) {
            next.accept(null);
        }
        try {
            sender.await(done, count + 1);
        } catch (MessagingException e) {
            connection.broke();
            Arrays.fill(results, decided, count, e);
        }
        if (chainBroken) {
            connection.broke();
        }
        return Arrays.asList(results).subList(0, count);
    }

    /** Mail i if it is there already, else null (not yet, or never). */
    private synchronized EmailComposer.EncodedMail mailNow(int i) {
        return i < mails.size() ? mails.get(i) : null;
    }

    /** Gives {@code then} mail i, now or once it is added; null when the stream ended before it. */
    private void whenMail(int i, Consumer<EmailComposer.EncodedMail> then) {
        EmailComposer.EncodedMail mail;
        synchronized (this) {
            if (i < mails.size()) {
                mail = mails.get(i);
            } else if (ended) {
                mail = null;
            } else {
                waiting = next -> {
                    try {
                        then.accept(next);
                    } catch (RuntimeException e) {
                        done.completeExceptionally(e);
                    }
                };
                return;
            }
        }
        then.accept(mail);
    }

    /** The answers to mail i's MAIL, RCPT and DATA. */
    private void answered(int i, List<SmtpResponse> answers) {
        if (answers.stream().noneMatch(SmtpResponses::isError)) {
            sendContent(i);
            return;
        }
        try {
            results[i] = SmtpConnection.refusal(answers, mailNow(i).recipient());
        } catch (MessagingException e) {
            results[i] = e;
        }
        decided = i + 1;
        if (answers.size() >= 3 && answers.get(2).code() == 354) {
            chainBroken = true; // the server waits for content after all
            done.completeExceptionally(new MessagingException("the mail server took DATA after a refusal"));
            return;
        }
        // The server forgets the refused transaction, with the next mail's envelope in the same write when it is
        // there already.
        SmtpRequest reset = SmtpRequests.rset();
        EmailComposer.EncodedMail following = mailNow(i + 1);
        if (following == null) {
            step(session.send(reset), r -> {
                if (SmtpResponses.isError(r.getResponses().get(0))) {
                    chainBroken = true;
                    done.complete(null);
                } else {
                    envelopeOf(i + 1, r);
                }
            });
            return;
        }
        SmtpRequest[] next = SmtpConnection.envelope(from, following);
        step(session.sendPipelined(reset, next[0], next[1], next[2]), r -> {
            List<SmtpResponse> all = r.getResponses();
            if (SmtpResponses.isError(all.get(0))) {
                chainBroken = true;
                done.complete(null);
            } else {
                answered(i + 1, all.subList(1, all.size()));
            }
        });
    }

    /** Mail i's content, with the next mail's envelope when that mail is there already. */
    private void sendContent(int i) {
        EmailComposer.EncodedMail following = mailNow(i + 1);
        if (following == null) {
            step(session.send(SmtpConnection.content(mailNow(i))), r -> {
                taken(i, r.getResponses().get(0));
                envelopeOf(i + 1, r);
            });
            return;
        }
        step(session.sendPipelined(SmtpConnection.content(mailNow(i)), SmtpConnection.envelope(from, following)), r -> {
            List<SmtpResponse> all = r.getResponses();
            taken(i, all.get(0));
            answered(i + 1, all.subList(1, all.size()));
        });
    }

    /** Mail i's envelope on its own, once the mail is added; the end when there is none. */
    private void envelopeOf(int i, SmtpClientResponse last) {
        whenMail(i, mail -> {
            if (mail == null) {
                done.complete(last);
            } else {
                step(session.sendPipelined(SmtpConnection.envelope(from, mail)), r -> answered(i, r.getResponses()));
            }
        });
    }

    private void taken(int i, SmtpResponse answer) {
        if (SmtpResponses.isError(answer)) {
            results[i] = SmtpConnection.contentRefused(answer);
        }
        decided = i + 1;
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
