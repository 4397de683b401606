package org.devzone.bulletin.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An SMTP server that refuses recipients with {@code 550 5.1.1}, as for a mailbox that does not exist: every one, or
 * those a test names; it takes the mail for the others and keeps the list of the recipients it took, in order. It
 * offers PIPELINING and, as Postfix does, refuses DATA when no recipient was taken.
 */
public final class RefusingSmtpServer implements AutoCloseable {

    private final ServerSocket server;
    private final Predicate<String> refused;
    private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();

    public RefusingSmtpServer() throws IOException {
        this(address -> true);
    }

    /** Refuses the addresses {@code refused} accepts; takes the mail for the others. */
    public RefusingSmtpServer(Predicate<String> refused) throws IOException {
        this.refused = refused;
        server = new ServerSocket(0);
        Thread acceptor = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket client = server.accept();
                            sessions.incrementAndGet();
                            Thread session = new Thread(() -> converse(client), "refusing-smtp-session");
                            session.setDaemon(true);
                            session.start();
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "refusing-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many connections it accepted. */
    public int sessions() {
        return sessions.get();
    }

    /** How many transactions a client reset (RSET). */
    public int resets() {
        return resets.get();
    }

    /** The recipients of every mail taken, in order (a recipient twice: two mails). */
    public List<String> delivered() {
        synchronized (delivered) {
            return List.copyOf(delivered);
        }
    }

    private void converse(Socket client) {
        try (client;
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII)) {
            out.print("220 refusing.example.org ESMTP\r\n");
            out.flush();
            String line;
            List<String> recipients = new ArrayList<>();
            while ((line = in.readLine()) != null) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                String address = line.replaceAll(".*<(.*)>.*", "$1");
                String answer = switch (command) {
                    case "EHLO" -> "250-refusing.example.org\r\n250 PIPELINING";
                    case "HELO" -> "250 refusing.example.org";
                    case "MAIL" -> {
                        recipients.clear();
                        yield "250 2.1.0 OK";
                    }
                    case "RCPT" -> {
                        if (refused.test(address)) {
                            yield "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown";
                        }
                        recipients.add(address);
                        yield "250 2.1.5 OK";
                    }
                    case "DATA" -> {
                        if (recipients.isEmpty()) {
                            yield "554 5.5.1 Error: no valid recipients";
                        }
                        out.print("354 End data with <CR><LF>.<CR><LF>\r\n");
                        out.flush();
                        String data = in.readLine();
                        while (data != null && !data.equals(".")) {
                            data = in.readLine(); // the mail itself is not kept
                        }
                        if (data == null) {
                            yield null; // cut off before its end: no mail, as a real server would have it
                        }
                        delivered.addAll(recipients);
                        recipients.clear();
                        yield "250 2.0.0 Ok: queued";
                    }
                    case "RSET" -> {
                        recipients.clear();
                        resets.incrementAndGet();
                        yield "250 2.0.0 OK";
                    }
                    case "NOOP" -> "250 2.0.0 OK";
                    case "QUIT" -> "221 2.0.0 Bye";
                    default -> "502 5.5.2 Command not recognized";
                };
                if (answer == null) {
                    return;
                }
                out.print(answer + "\r\n");
                out.flush();
                if (command.equals("QUIT")) {
                    return;
                }
            }
        } catch (IOException e) {
            // client went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
