import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.devzone.bulletin.delivery.PooledMailSender;

/**
 * The ceiling of the SMTP client the dispatcher sends with: Jakarta Mail writing mails already encoded, in the
 * dispatcher's own message ({@link PooledMailSender.Encoded}), over CONNECTIONS connections kept open, one thread each, with nothing else to do: no ledger, no
 * templates, no queue. COUNT mails with a body of LENGTH bytes (as smtp-source's -l: headers not counted), after
 * WARMUP that are not timed. Prints the mails per second. Jakarta Mail speaks one command at a time (no PIPELINING):
 * four round trips a mail, against the same server as smtp-source.
 *
 * <pre>java -cp bulletin-dispatcher.jar:classes JakartaMailCeiling HOST PORT COUNT LENGTH CONNECTIONS [WARMUP]</pre>
 */
public final class JakartaMailCeiling {

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        int length = Integer.parseInt(args[3]);
        int connections = Integer.parseInt(args[4]);
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        Properties properties = new Properties();
        properties.put("mail.smtp.host", host);
        properties.put("mail.smtp.port", String.valueOf(port));
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "10000");
        Session session = Session.getInstance(properties);
        byte[] mail = mail(length);
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        if (warmup > 0) {
            send(pool, session, mail, warmup, connections);
        }
        long start = System.nanoTime();
        send(pool, session, mail, count, connections);
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf("%.1f%n", count / seconds);
        System.err.printf(
                "Jakarta Mail alone: %d mails of %d bytes in %.2f s over %d connections%n",
                count, mail.length, seconds, connections);
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

    private static void send(ExecutorService pool, Session session, byte[] mail, int count, int connections)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        InternetAddress from = new InternetAddress("bulletin@devzone-office.example.org");
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < connections; t++) {
            workers.add(pool.submit(() -> {
                try (Transport transport = session.getTransport("smtp")) {
                    transport.connect();
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        transport.sendMessage(
                                new PooledMailSender.Encoded(session, from, mail),
                                new Address[] {new InternetAddress("contact" + i + "@zone-" + i + ".example.org")});
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
    }
}
