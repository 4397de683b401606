package org.devzone.bulletin.delivery;

import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.bbottema.clusteredobjectpool.core.api.ResourceKey.ResourceClusterAndPoolKey;
import org.bbottema.genericobjectpool.PoolableObject;
import org.bbottema.genericobjectpool.expirypolicies.TimeoutSinceLastAllocationExpirationPolicy;
import org.simplejavamail.smtpconnectionpool.SessionTransport;
import org.simplejavamail.smtpconnectionpool.SmtpClusterConfig;
import org.simplejavamail.smtpconnectionpool.SmtpConnectionPool;

/**
 * camel-mail's sender, keeping SMTP connections open: one connection carries many messages, up to
 * {@code connections} in parallel, each closed after {@code idleSeconds} unused. camel-mail alone opens and closes a
 * connection per message. A connection that fails is discarded, never reused.
 */
public final class PooledMailSender extends DefaultJavaMailSender implements AutoCloseable {

    /** How the SMTP server is reached. {@code security} is none, starttls or tls. */
    public record SmtpSettings(
            String host,
            int port,
            String security,
            String user,
            String password,
            int connections,
            int idleSeconds,
            int timeoutMillis) {}

    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    /**
     * Jakarta Mail 2.1 looks its stream provider up with a ServiceLoader scan of the class path on every header it
     * encodes and every multipart it builds (jakartaee/mail-api#861): a fifth of the CPU of a fan-out. Naming the
     * provider skips the scan; whoever already named one keeps theirs.
     */
    static {
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private final Session session;
    private final SmtpClusterConfig config;
    private final long idleNanos;
    /** Shuts the pool down once idle: its threads poll hundreds of times a second, mails or not. */
    private final ScheduledExecutorService idleCheck;
    /** Null while no mail was sent for {@code idleSeconds}; guarded by this. */
    private SmtpConnectionPool pool;
    /** Connections claimed and not yet given back; guarded by this. */
    private int claimed;
    /** {@link System#nanoTime()} when a connection was last given back; guarded by this. */
    private long lastUsed;

    public PooledMailSender(SmtpSettings smtp) {
        Properties props = new Properties();
        props.put("mail.transport.protocol", "smtp");
        props.put("mail.smtp.host", smtp.host());
        props.put("mail.smtp.port", String.valueOf(smtp.port()));
        props.put("mail.smtp.connectiontimeout", String.valueOf(smtp.timeoutMillis()));
        props.put("mail.smtp.timeout", String.valueOf(smtp.timeoutMillis()));
        // No mail.smtp.writetimeout: it schedules a timer task for every socket write (a thirtieth of a fan-out's CPU);
        // a server that stops reading is caught by the read timeout on its next answer.
        switch (smtp.security()) {
            case "starttls" -> {
                props.put("mail.smtp.starttls.enable", "true");
                props.put("mail.smtp.starttls.required", "true");
            }
            case "tls" -> props.put("mail.smtp.ssl.enable", "true");
            case "none" -> {}
            default ->
                throw new IllegalArgumentException(
                        "dispatcher.mail.security must be none, starttls or tls, not " + smtp.security());
        }
        // The certificate must name the host, as for bulletins' mails (PipeliningMailSender).
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        Authenticator authenticator = null;
        if (smtp.user() != null && !smtp.user().isBlank()) {
            props.put("mail.smtp.auth", "true");
            authenticator = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(smtp.user(), smtp.password());
                }
            };
        }
        session = Session.getInstance(props, authenticator);
        setSession(session);
        setHost(smtp.host());
        setPort(smtp.port());
        config = new SmtpClusterConfig();
        config.getConfigBuilder()
                .defaultCorePoolSize(0)
                .defaultMaxPoolSize(smtp.connections())
                .defaultExpirationPolicy(
                        new TimeoutSinceLastAllocationExpirationPolicy<>(smtp.idleSeconds(), TimeUnit.SECONDS));
        idleNanos = TimeUnit.SECONDS.toNanos(smtp.idleSeconds());
        idleCheck = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "smtp-pool-idle-check");
            thread.setDaemon(true);
            return thread;
        });
        idleCheck.scheduleWithFixedDelay(
                this::shutDownWhenIdle, smtp.idleSeconds(), smtp.idleSeconds(), TimeUnit.SECONDS);
    }

    /**
     * The pool, started on first use. The pool's two threads wake every 5 and 10 ms however idle it is (the
     * library's design), which cost an idle dispatcher CPU around the clock; so the pool lives only while mails go out.
     */
    private synchronized SmtpConnectionPool claimPool() {
        if (pool == null) {
            pool = new SmtpConnectionPool(config);
            pool.registerResourcePool(new ResourceClusterAndPoolKey<>(session, session));
        }
        claimed++;
        return pool;
    }

    private synchronized void given() {
        claimed--;
        lastUsed = System.nanoTime();
    }

    /** No connection claimed and none given back for {@code idleSeconds}: the pool (its connections) is closed. */
    private void shutDownWhenIdle() {
        SmtpConnectionPool idle;
        synchronized (this) {
            if (pool == null || claimed > 0 || System.nanoTime() - lastUsed < idleNanos) {
                return;
            }
            idle = pool;
            pool = null;
        }
        idle.shutDown();
    }

    /** Whether an SMTP connection pool is open (not after {@code idleSeconds} without a mail). */
    synchronized boolean pooling() {
        return pool != null;
    }

    @Override
    public Session getSession() {
        return session;
    }

    @Override
    public void send(MimeMessage message) throws MessagingException {
        try (Connection connection = connection()) {
            connection.send(message);
        }
    }

    /**
     * One pooled connection for many messages (a batch of a fan-out), given back when closed; after a failure it is
     * discarded instead, never reused.
     */
    public Connection connection() throws MessagingException {
        SmtpConnectionPool claimedFrom = claimPool();
        try {
            return new Connection(claimedFrom.claimResourceFromCluster(session), this);
        } catch (InterruptedException e) {
            given();
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted while waiting for an SMTP connection", e);
        } catch (RuntimeException e) {
            given();
            // The pool connects on claim; a server that refuses connections shows up here.
            throw e.getCause() instanceof MessagingException m ? m : new MessagingException(e.getMessage(), e);
        }
    }

    /** A claimed SMTP connection. */
    public static final class Connection implements AutoCloseable {
        private final PoolableObject<SessionTransport> pooled;
        private final PooledMailSender sender;
        private boolean broken;
        private boolean closed;

        private Connection(PoolableObject<SessionTransport> pooled, PooledMailSender sender) {
            this.pooled = pooled;
            this.sender = sender;
        }

        public void send(MimeMessage message) throws MessagingException {
            try {
                message.saveChanges();
                pooled.getAllocatedObject().getTransport().sendMessage(message, message.getAllRecipients());
            } catch (MessagingException | RuntimeException e) {
                broken = true;
                throw e;
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (broken) {
                    pooled.invalidate();
                } else {
                    pooled.release();
                }
            } finally {
                sender.given();
            }
        }
    }

    @Override
    public void close() {
        idleCheck.shutdownNow();
        SmtpConnectionPool open;
        synchronized (this) {
            open = pool;
            pool = null;
        }
        if (open != null) {
            open.shutDown();
        }
    }
}
