package org.devzone.bulletin.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** An SMTP server that accepts the connection and refuses every recipient with {@code 550 5.1.1}, as for a mailbox that does not exist. */
public final class RefusingSmtpServer implements AutoCloseable {

    private final ServerSocket server;

    public RefusingSmtpServer() throws IOException {
        server = new ServerSocket(0);
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Thread session = new Thread(() -> converse(client), "refusing-smtp-session");
                    session.setDaemon(true);
                    session.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "refusing-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private static void converse(Socket client) {
        try (client;
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII)) {
            out.print("220 refusing.example.org ESMTP\r\n");
            out.flush();
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
                String answer = switch (command) {
                    case "EHLO", "HELO" -> "250 refusing.example.org";
                    case "MAIL" -> "250 2.1.0 OK";
                    case "RCPT" -> "550 5.1.1 <" + line.replaceAll(".*<(.*)>.*", "$1") + ">: Recipient address rejected: User unknown";
                    case "RSET", "NOOP" -> "250 2.0.0 OK";
                    case "QUIT" -> "221 2.0.0 Bye";
                    default -> "502 5.5.2 Command not recognized";
                };
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
