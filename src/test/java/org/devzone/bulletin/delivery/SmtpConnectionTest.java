package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.devzone.bulletin.testing.RefusingSmtpServer;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.Test;

/**
 * The bulletins' SMTP client: mails of a batch over one connection, each mail's envelope sent with the content of the
 * one before it where the server offers PIPELINING (the refusing server does, GreenMail does not).
 */
class SmtpConnectionTest {

    private static final InternetAddress FROM = address("bulletin@devzone-office.example.org");

    @Test
    void aRefusedRecipientFailsAloneAndTheMailsAroundItArriveOnceOverOneConnection() throws Exception {
        try (RefusingSmtpServer server = new RefusingSmtpServer("c@zone.example.org"::equals);
                PipeliningMailSender sender = sender(server.port(), 30)) {
            List<EmailComposer.EncodedMail> mails = List.of(mail("a"), mail("b"), mail("c"), mail("d"), mail("e"));

            try (SmtpConnection connection = sender.connection()) {
                for (int i = 0; i < mails.size(); i++) {
                    EmailComposer.EncodedMail next = i + 1 < mails.size() ? mails.get(i + 1) : null;
                    if (i == 2) {
                        assertThatThrownBy(() -> connection.send(FROM, mails.get(2), next))
                                .isInstanceOf(SMTPAddressFailedException.class)
                                .hasMessageContaining("550 5.1.1")
                                .satisfies(e -> assertThat(FailureClassifier.isPermanent(e))
                                        .isTrue());
                        assertThat(connection.usable())
                                .as("a refused recipient leaves the connection")
                                .isTrue();
                        continue;
                    }
                    connection.send(FROM, mails.get(i), next);
                }
            }

            assertThat(server.delivered())
                    .containsExactly(
                            "a@zone.example.org", "b@zone.example.org", "d@zone.example.org", "e@zone.example.org");
            assertThat(server.sessions()).isEqualTo(1);
        }
    }

    @Test
    void mailsSentTogetherEachHaveTheirOwnAnswerAndARefusalInTheMiddleOrAtTheEndFailsAlone() throws Exception {
        try (RefusingSmtpServer server =
                        new RefusingSmtpServer(address -> address.startsWith("c@") || address.startsWith("e@"));
                PipeliningMailSender sender = sender(server.port(), 30)) {
            try (SmtpConnection connection = sender.connection()) {
                List<jakarta.mail.MessagingException> results =
                        connection.sendAll(FROM, List.of(mail("a"), mail("b"), mail("c"), mail("d"), mail("e")));

                assertTakenButRefused(results, null, null, "c@zone.example.org", null, "e@zone.example.org");
                assertThat(connection.usable()).isTrue();

                assertThat(connection.sendAll(FROM, List.of(mail("f"))))
                        .containsExactly((jakarta.mail.MessagingException) null);
            }

            assertThat(server.delivered())
                    .containsExactly(
                            "a@zone.example.org", "b@zone.example.org", "d@zone.example.org", "f@zone.example.org");
            assertThat(server.sessions()).isEqualTo(1);
        }
    }

    @Test
    void mailsHandedOverOneByOneLeaveAsTheyComeAndARefusalBeforeTheNextIsThereKeepsTheConnection() throws Exception {
        try (RefusingSmtpServer server = new RefusingSmtpServer("c@zone.example.org"::equals);
                PipeliningMailSender sender = sender(server.port(), 30)) {
            try (SmtpConnection connection = sender.connection()) {
                SmtpStream stream = connection.stream(FROM, 5);
                stream.add(mail("a"));
                await().atMost(Duration.ofSeconds(10))
                        .alias("the first mail taken while the next is still being composed")
                        .until(() -> server.delivered().size() == 1);
                stream.add(mail("b"));
                stream.add(mail("c"));
                await().atMost(Duration.ofSeconds(10))
                        .alias("the refused mail's transaction reset before the next mail is there")
                        .until(() -> server.resets() == 1);
                stream.add(mail("d"));

                List<jakarta.mail.MessagingException> results = stream.end();

                assertTakenButRefused(results, null, null, "c@zone.example.org", null);
                assertThat(connection.usable()).isTrue();
            }

            assertThat(server.delivered())
                    .containsExactly("a@zone.example.org", "b@zone.example.org", "d@zone.example.org");
            assertThat(server.sessions()).isEqualTo(1);
        }
    }

    @Test
    void aBatchCutShortAfterAnnouncingItsNextMailSendsNothingMoreAndItsConnectionIsNotReused() throws Exception {
        try (RefusingSmtpServer server = new RefusingSmtpServer(address -> false);
                PipeliningMailSender sender = sender(server.port(), 30)) {
            try (SmtpConnection connection = sender.connection()) {
                connection.send(FROM, mail("a"), mail("b")); // b's envelope went with a's content; b never follows
            }
            assertThat(sender.idleConnections())
                    .as("a connection whose server waits for b's content")
                    .isZero();
            try (SmtpConnection connection = sender.connection()) {
                connection.send(FROM, mail("c"), null);
            }

            assertThat(server.delivered()).containsExactly("a@zone.example.org", "c@zone.example.org");
            assertThat(server.sessions()).isEqualTo(2);
            assertThat(sender.idleConnections()).isEqualTo(1);
        }
    }

    @Test
    void withoutPipeliningEachCommandWaitsAndTheMailsArriveWithTheirSubjects() throws Exception {
        GreenMail server = new GreenMail(new ServerSetup(RunningDispatcher.freePort(), "127.0.0.1", "smtp"));
        server.start();
        try (PipeliningMailSender sender = sender(server.getSmtp().getPort(), 1)) {
            try (SmtpConnection connection = sender.connection()) {
                connection.send(FROM, mail("甲"), mail("乙"));
                connection.send(FROM, mail("乙"), null);
            }

            assertThat(server.waitForIncomingEmail(10_000, 2)).isTrue();
            assertThat(server.getReceivedMessages())
                    .extracting(Message::getSubject)
                    .containsExactly("通知 甲", "通知 乙");
            await().atMost(Duration.ofSeconds(15))
                    .alias("the idle connection closed after a second")
                    .until(() -> sender.idleConnections() == 0);
        } finally {
            server.stop();
        }
    }

    @Test
    void aServerThatAsksForALoginGetsOursAndAWrongPasswordIsRefusedForGood() throws Exception {
        GreenMail server = new GreenMail(new ServerSetup(RunningDispatcher.freePort(), "127.0.0.1", "smtp"));
        server.start();
        server.setUser("office@devzone-office.example.org", "office", "secret");
        int port = server.getSmtp().getPort();
        try (PipeliningMailSender sender = new PipeliningMailSender(new PooledMailSender.SmtpSettings(
                        "127.0.0.1", port, "none", "office", "secret", 1, 30, 5_000));
                PipeliningMailSender wrong = new PipeliningMailSender(new PooledMailSender.SmtpSettings(
                        "127.0.0.1", port, "none", "office", "guessed", 1, 30, 5_000))) {
            try (SmtpConnection connection = sender.connection()) {
                connection.send(FROM, mail("甲"), null);
            }
            assertThat(server.waitForIncomingEmail(10_000, 1)).isTrue();

            assertThatThrownBy(wrong::connection)
                    .satisfies(e -> assertThat(FailureClassifier.isPermanent(e)).isTrue())
                    .satisfies(
                            e -> assertThat(FailureClassifier.describe(e))
                                    .isEqualTo(
                                            "the mail server refused our login (dispatcher.mail.user / DISPATCHER_MAIL_PASSWORD)"));
            assertThat(server.getReceivedMessages()).hasSize(1);
        } finally {
            server.stop();
        }
    }

    @Test
    void aServerWhoseCertificateIsNotTrustedGetsNoMail() throws Exception {
        GreenMail server = new GreenMail(new ServerSetup(RunningDispatcher.freePort(), "127.0.0.1", "smtps"));
        server.start();
        try (PipeliningMailSender sender = new PipeliningMailSender(new PooledMailSender.SmtpSettings(
                "127.0.0.1", server.getSmtps().getPort(), "tls", null, null, 1, 30, 5_000))) {
            assertThatThrownBy(sender::connection)
                    .isInstanceOf(jakarta.mail.MessagingException.class)
                    .hasMessageStartingWith(
                            "TLS with the mail server failed (is its certificate trusted, and for 127.0.0.1?)")
                    .hasCauseInstanceOf(javax.net.ssl.SSLException.class);
            assertThat(server.getReceivedMessages()).isEmpty();
        } finally {
            server.stop();
        }
    }

    /**
     * One result a mail, in order: taken (null where {@code refused} has null), or its recipient, the address given,
     * refused for good.
     */
    private static void assertTakenButRefused(List<jakarta.mail.MessagingException> results, String... refused) {
        assertThat(results).hasSize(refused.length);
        for (int i = 0; i < refused.length; i++) {
            if (refused[i] == null) {
                assertThat(results.get(i)).as("mail %d", i).isNull();
            } else {
                assertThat(results.get(i))
                        .as("mail %d", i)
                        .isInstanceOf(SMTPAddressFailedException.class)
                        .hasMessageContaining("550 5.1.1 <" + refused[i] + ">");
            }
        }
    }

    private static PipeliningMailSender sender(int port, int idleSeconds) {
        return new PipeliningMailSender(
                new PooledMailSender.SmtpSettings("127.0.0.1", port, "none", null, null, 2, idleSeconds, 5_000));
    }

    /** A mail to {@code name@zone.example.org}, already encoded as the composer writes it. */
    private static EmailComposer.EncodedMail mail(String name) {
        String recipient = name.chars().allMatch(c -> c < 128) ? name + "@zone.example.org" : "zone@zone.example.org";
        String mail = "From: bulletin@devzone-office.example.org\r\n"
                + "To: " + recipient + "\r\n"
                + "Subject: =?UTF-8?B?"
                + java.util.Base64.getEncoder().encodeToString(("通知 " + name).getBytes(StandardCharsets.UTF_8))
                + "?=\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + java.util.Base64.getEncoder().encodeToString("请知悉。".getBytes(StandardCharsets.UTF_8))
                + "\r\n";
        return new EmailComposer.EncodedMail(recipient, mail.getBytes(StandardCharsets.US_ASCII));
    }

    private static InternetAddress address(String address) {
        try {
            return new InternetAddress(address);
        } catch (jakarta.mail.internet.AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
