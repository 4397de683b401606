package org.devzone.bulletin.testing;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;

/** One mailbox on a real IMAP server (GreenMail), as the office's reply or intake mailbox, and how to point a dispatcher at it. */
public final class ImapMailbox implements AutoCloseable {

    private final GreenMail server;
    private final GreenMailUser user;
    private final String address;
    private final String password;

    public ImapMailbox(String address, String password) {
        this.address = address;
        this.password = password;
        server = new GreenMail(
                new ServerSetup[] {new ServerSetup(RunningDispatcher.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP)
                });
        server.start();
        user = server.setUser(address, address, password);
    }

    /** The settings of {@code dispatcher.<prefix>.*} (replies, intake) for this mailbox, polled every 200 ms. */
    public Map<String, String> settings(String prefix) {
        String p = "dispatcher." + prefix + ".";
        return Map.of(
                p + "enabled",
                "true",
                p + "protocol",
                "imap",
                p + "host",
                "127.0.0.1",
                p + "port",
                String.valueOf(server.getImap().getPort()),
                p + "user",
                address,
                p + "password",
                password,
                p + "poll-ms",
                "200");
    }

    /** Puts a mail in the inbox, as the mail server would on delivery. */
    public void deliver(MimeMessage mail) {
        user.deliver(mail);
    }

    public int inbox() throws Exception {
        return server.getManagers().getImapHostManager().getInbox(user).getMessageCount();
    }

    public int folder(String name) throws Exception {
        return server.getManagers().getImapHostManager().getFolder(user, name).getMessageCount();
    }

    @Override
    public void close() {
        server.stop();
    }
}
