package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SMTP connection pool lives while mails go out: its library's threads poll every few milliseconds however idle it
 * is, so after {@code idleSeconds} without a mail the pool and its connections are closed, and the next mail opens
 * them again.
 */
class PooledMailSenderTest {

    private GreenMail server;

    @BeforeEach
    void start() {
        server = new GreenMail(new ServerSetup(RunningDispatcher.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void anIdlePoolIsClosedAndTheNextMailOpensItAgain() throws Exception {
        try (PooledMailSender sender = new PooledMailSender(new PooledMailSender.SmtpSettings(
                "127.0.0.1", server.getSmtp().getPort(), "none", null, null, 2, 1, 5_000))) {
            assertThat(sender.pooling()).as("nothing sent yet: no pool").isFalse();

            sender.send(mail(sender, "第一封"));
            assertThat(server.waitForIncomingEmail(10_000, 1)).isTrue();

            await().atMost(Duration.ofSeconds(15)).until(() -> !sender.pooling());
            sender.send(mail(sender, "第二封"));

            assertThat(server.waitForIncomingEmail(10_000, 2)).isTrue();
            assertThat(server.getReceivedMessages())
                    .extracting(Message::getSubject)
                    .containsExactly("第一封", "第二封");
            assertThat(sender.pooling()).as("open again for the second mail").isTrue();
        }
    }

    private static MimeMessage mail(PooledMailSender sender, String subject) throws Exception {
        MimeMessage mail = new MimeMessage(sender.getSession());
        mail.setFrom(new InternetAddress("bulletin@devzone-office.example.org"));
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress("zone@example.org"));
        mail.setSubject(subject, "UTF-8");
        mail.setText("请查收。", "UTF-8");
        return mail;
    }
}
