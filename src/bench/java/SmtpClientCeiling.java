import jakarta.mail.internet.InternetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.devzone.bulletin.delivery.EmailComposer;
import org.devzone.bulletin.delivery.PipeliningMailSender;
import org.devzone.bulletin.delivery.PooledMailSender;
import org.devzone.bulletin.delivery.SmtpConnection;

/**
 * The ceiling of the SMTP client the dispatcher sends bulletins with: its {@link PipeliningMailSender} writing mails
 * already encoded over CONNECTIONS connections kept open, one thread each, in batches of 50 sent together as the
 * dispatcher sends them, with nothing else to do: no ledger, no templates, no queue. COUNT mails with a body of LENGTH bytes (as smtp-source's -l: headers not counted), after
 * WARMUP that are not timed. Prints the mails per second, against the same server as smtp-source.
 *
 * <pre>java -cp bulletin-dispatcher.jar:classes SmtpClientCeiling HOST PORT COUNT LENGTH CONNECTIONS [WARMUP]</pre>
 */
public final class SmtpClientCeiling {

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        int length = Integer.parseInt(args[3]);
        int connections = Integer.parseInt(args[4]);
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        byte[] mail = mail(length);
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try (PipeliningMailSender sender = new PipeliningMailSender(
                new PooledMailSender.SmtpSettings(host, port, "none", null, null, connections, 30, 10_000))) {
            if (warmup > 0) {
                send(pool, sender, mail, warmup, connections);
            }
            long start = System.nanoTime();
            send(pool, sender, mail, count, connections);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%.1f%n", count / seconds);
            System.err.printf(
                    "the SMTP client alone: %d mails of %d bytes in %.2f s over %d connections%n",
                    count, mail.length, seconds, connections);
        } finally {
            pool.shutdown();
        }
    }

    /** Headers as the dispatcher writes them, and a body of base64-like lines. */
    private static byte[] mail(int length) {
        StringBuilder mail = new StringBuilder()
                .append("Date: Fri, 27 Nov 2026 09:00:00 +0800\r\n")
                .append("From: bulletin@devzone-office.example.org\r\n")
                .append("To: contact@zone.example.org\r\n")
                .append("Message-ID: <ceiling@bulletin-dispatcher>\r\n")
                .append("Subject: =?UTF-8?B?5ZGo5LqU5bel5L2c5o+Q6YaS?=\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=UTF-8\r\n")
                .append("Content-Transfer-Encoding: base64\r\n\r\n");
        String line =
                "5ZCE5byA5Y+R5Yy66K+35oyJ5pe25Y+C5Yqg5pys5ZGo5bel5L2c5Lya6K6u77yM5bm25LqO5ZGo5LqU5YmN5Y+N6aaI\r\n";
        for (int body = 0; body < length; body += line.length()) {
            mail.append(line, 0, Math.min(line.length(), length - body));
        }
        return mail.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void send(ExecutorService pool, PipeliningMailSender sender, byte[] mail, int count, int connections)
            throws Exception {
        InternetAddress from = new InternetAddress("bulletin@devzone-office.example.org");
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < connections; t++) {
            int first = t;
            workers.add(pool.submit(() -> {
                // Each connection its share, in batches of 50 sent together, as the dispatcher sends.
                try (SmtpConnection connection = sender.connection()) {
                    List<EmailComposer.EncodedMail> batch = new ArrayList<>();
                    for (int i = first; i < count; i += connections) {
                        batch.add(mail(i, mail));
                        if (batch.size() == 50 || i + connections >= count) {
                            for (Exception refused : connection.sendAll(from, batch)) {
                                if (refused != null) {
                                    throw refused;
                                }
                            }
                            batch.clear();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
    }

    private static EmailComposer.EncodedMail mail(int i, byte[] mail) {
        return new EmailComposer.EncodedMail("contact" + i + "@zone-" + i + ".example.org", mail);
    }
}
