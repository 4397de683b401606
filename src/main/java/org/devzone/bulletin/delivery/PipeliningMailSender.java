package org.devzone.bulletin.delivery;

import com.hubspot.smtp.client.ChannelClosedException;
import com.hubspot.smtp.client.EhloResponse;
import com.hubspot.smtp.client.Extension;
import com.hubspot.smtp.client.SmtpClientResponse;
import com.hubspot.smtp.client.SmtpSession;
import com.hubspot.smtp.client.SmtpSessionConfig;
import com.hubspot.smtp.client.SmtpSessionFactory;
import com.hubspot.smtp.client.SmtpSessionFactoryConfig;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.codec.smtp.SmtpRequests;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.concurrent.DefaultThreadFactory;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.devzone.bulletin.delivery.PooledMailSender.SmtpSettings;

/**
 * The fan-out's SMTP client: mails already encoded, over up to {@code connections} connections kept open, each held
 * by one batch at a time ({@link SmtpConnection}: one round trip a mail where the server offers PIPELINING, where
 * Jakarta Mail waits for each of four answers). Built on HubSpot's NioSmtpClient, on Netty; it connects, secures
 * (STARTTLS or TLS, the certificate checked against the host) and logs in as configured. Connections unused for
 * {@code idleSeconds} are closed.
 */
public final class PipeliningMailSender implements AutoCloseable {

    private final SmtpSettings smtp;
    private final NioEventLoopGroup loop;
    private final SmtpSessionFactory factory;
    private final Semaphore connections;
    private final String ehloName;
    private final long idleNanos;
    /** Open connections no batch holds, the most recently used first; guarded by itself. */
    private final Deque<Idle> idle = new ArrayDeque<>();

    private record Idle(SmtpSession session, long since) {}

    public PipeliningMailSender(SmtpSettings smtp) {
        if (!List.of("none", "starttls", "tls").contains(smtp.security())) {
            throw new IllegalArgumentException(
                    "dispatcher.mail.security must be none, starttls or tls, not " + smtp.security());
        }
        this.smtp = smtp;
        // One thread moves the bytes of every connection; it sleeps in the kernel while no mail goes out.
        loop = new NioEventLoopGroup(1, new DefaultThreadFactory("smtp", true));
        factory = new SmtpSessionFactory(SmtpSessionFactoryConfig.builder()
                .eventLoopGroup(loop)
                // Answers complete futures the batch's thread waits on: nothing else runs on them.
                .executor(SmtpSessionFactoryConfig.DIRECT_EXECUTOR)
                .sslEngineSupplier(this::sslEngine)
                .build());
        connections = new Semaphore(smtp.connections(), true);
        ehloName = localName();
        idleNanos = TimeUnit.SECONDS.toNanos(smtp.idleSeconds());
        loop.scheduleWithFixedDelay(this::closeIdle, smtp.idleSeconds(), smtp.idleSeconds(), TimeUnit.SECONDS);
    }

    /** A connection for a batch of mails, opened if none is idle; given back when closed. */
    public SmtpConnection connection() throws MessagingException {
        try {
            connections.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted while waiting for an SMTP connection", e);
        }
        try {
            SmtpSession session = reuse();
            return new SmtpConnection(session != null ? session : open(), this);
        } catch (MessagingException | RuntimeException e) {
            connections.release();
            throw e;
        }
    }

    /** How many connections are open and idle. */
    int idleConnections() {
        synchronized (idle) {
            return idle.size();
        }
    }

    private SmtpSession reuse() {
        synchronized (idle) {
            for (Idle candidate = idle.pollFirst(); candidate != null; candidate = idle.pollFirst()) {
                if (!candidate.session().getCloseFuture().isDone()) {
                    return candidate.session();
                }
            }
        }
        return null;
    }

    /** A connection's session back from its batch: usable again, or (broken) closed. */
    void giveBack(SmtpSession session, boolean broken) {
        if (broken) {
            session.close();
        } else {
            synchronized (idle) {
                idle.addFirst(new Idle(session, System.nanoTime()));
            }
        }
        connections.release();
    }

    private void closeIdle() {
        long now = System.nanoTime();
        synchronized (idle) {
            idle.removeIf(i -> {
                boolean stale = now - i.since() >= idleNanos
                        || i.session().getCloseFuture().isDone();
                if (stale) {
                    i.session().close();
                }
                return stale;
            });
        }
    }

    /** Connects, greets, secures and logs in as configured. */
    private SmtpSession open() throws MessagingException {
        SmtpSessionConfig config = SmtpSessionConfig.builder()
                .remoteAddress(new InetSocketAddress(smtp.host(), smtp.port()))
                .initialResponseTimeout(Duration.ofMillis(smtp.timeoutMillis()))
                .readTimeout(Duration.ofMillis(smtp.timeoutMillis()))
                .connectionId(smtp.host() + ":" + smtp.port())
                .build();
        if (smtp.security().equals("tls")) {
            config = config.withAddFirstCustomHandlers(new SslHandler(sslEngine()));
        }
        SmtpClientResponse greeting = await(factory.connect(config));
        SmtpSession session = greeting.getSession();
        try {
            expect(greeting, "the mail server refused the connection");
            expect(await(session.send(SmtpRequests.ehlo(ehloName))), "the mail server refused EHLO");
            if (smtp.security().equals("starttls")) {
                if (!session.getEhloResponse().isSupported(Extension.STARTTLS)) {
                    throw new MessagingException("the mail server does not offer STARTTLS (dispatcher.mail.security)");
                }
                expect(await(session.startTls()), "the mail server refused STARTTLS");
            }
            if (smtp.user() != null && !smtp.user().isBlank()) {
                logIn(session);
            }
            return session;
        } catch (MessagingException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private void logIn(SmtpSession session) throws MessagingException {
        EhloResponse ehlo = session.getEhloResponse();
        CompletableFuture<SmtpClientResponse> login;
        if (ehlo.isAuthPlainSupported()) {
            login = session.authPlain(smtp.user(), smtp.password());
        } else if (ehlo.isAuthLoginSupported()) {
            login = session.authLogin(smtp.user(), smtp.password());
        } else {
            throw new AuthenticationFailedException("the mail server offers neither AUTH PLAIN nor AUTH LOGIN");
        }
        SmtpClientResponse answer = await(login);
        if (answer.containsError()) {
            throw new AuthenticationFailedException(
                    SmtpConnection.text(answer.getResponses().get(0)));
        }
    }

    private SSLEngine sslEngine() {
        try {
            SSLEngine engine = SSLContext.getDefault().createSSLEngine(smtp.host(), smtp.port());
            engine.setUseClientMode(true);
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
            engine.setSSLParameters(parameters);
            return engine;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no TLS in this Java runtime", e);
        }
    }

    SmtpClientResponse await(CompletableFuture<SmtpClientResponse> answer) throws MessagingException {
        return await(answer, 1);
    }

    /**
     * Waits for the last of {@code exchanges} exchanges with the server. The library times each answer out after
     * timeout-ms; this only guards against its never completing.
     */
    SmtpClientResponse await(CompletableFuture<SmtpClientResponse> answer, int exchanges) throws MessagingException {
        try {
            return answer.get(exchanges * (2L * smtp.timeoutMillis()) + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted while waiting for the mail server", e);
        } catch (TimeoutException e) {
            throw new MessagingException("the mail server did not answer in time", timedOut(e));
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    /** What went wrong, named for a person (the library wraps it in its own exceptions). */
    private MessagingException failure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof ReadTimeoutException) {
                return new MessagingException("the mail server did not answer in time", timedOut(t));
            }
            if (t instanceof SSLException tls) {
                return new MessagingException(
                        "TLS with the mail server failed (is its certificate trusted, and for " + smtp.host() + "?): "
                                + tls.getMessage(),
                        tls);
            }
            if (t instanceof ConnectException connect) {
                return new MessagingException("cannot connect to the mail server: " + connect.getMessage(), connect);
            }
            if (t instanceof ChannelClosedException) {
                return new MessagingException("the mail server closed the connection", new IOException(t));
            }
        }
        return new MessagingException(
                String.valueOf(failure.getMessage()), failure instanceof Exception x ? x : new IOException(failure));
    }

    private static SocketTimeoutException timedOut(Throwable cause) {
        SocketTimeoutException timeout = new SocketTimeoutException(cause.getMessage());
        timeout.initCause(cause);
        return timeout;
    }

    private static void expect(SmtpClientResponse answer, String what) throws MessagingException {
        if (answer.containsError()) {
            throw new MessagingException(
                    what + ": " + SmtpConnection.text(answer.getResponses().get(0)));
        }
    }

    private static String localName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (idle) {
            idle.clear();
        }
        factory.close();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
