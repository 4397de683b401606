package org.devzone.bulletin.feedback;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailMessage;
import org.devzone.bulletin.bulletin.BulletinStore;
import org.devzone.bulletin.delivery.Delivery;
import org.devzone.bulletin.delivery.DeliveryStore;
import org.devzone.bulletin.platform.MailParts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replies to bulletin emails, read from the office's reply mailbox. A reply is matched to the delivery it answers by
 * its {@code In-Reply-To} / {@code References} headers (every bulletin email's Message-ID names its delivery) or by a
 * per-delivery reply address ({@code replies+<delivery>@...}); the delivery gives the zone, the bulletin and, for an
 * edition of one notice, the notice. The text without the quoted original is stored. A reply that matches nothing is
 * stored as unmatched: kept and listed, never dropped.
 */
public final class ReplyIntake {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyIntake.class);
    private static final Pattern DELIVERY =
            Pattern.compile("([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@bulletin-dispatcher>");
    private static final Pattern TAGGED =
            Pattern.compile("\\+([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@");
    /** Where a mail client starts quoting the original. */
    private static final Pattern QUOTE_START = Pattern.compile(
            "^(在.{1,80}写道[:：]\\s*|On .{1,120} wrote:\\s*|-{2,}\\s*(Original Message|原始邮件|回复的原邮件)\\s*-{2,}.*|(发件人|From)[:：].*)$");

    private final FeedbackStore store;
    private final DeliveryStore deliveries;
    private final BulletinStore bulletins;
    private final Clock clock;

    public ReplyIntake(FeedbackStore store, DeliveryStore deliveries, BulletinStore bulletins, Clock clock) {
        this.store = store;
        this.deliveries = deliveries;
        this.bulletins = bulletins;
        this.clock = clock;
    }

    /** The step of the reply-mailbox route: one mail in, one feedback stored (or found stored already). */
    public void receive(Exchange exchange) throws MessagingException, IOException {
        Message mail = exchange.getIn(MailMessage.class).getOriginalMessage();
        Optional<Delivery> delivery = deliveryOf(mail);
        String author = mail.getFrom() == null || mail.getFrom().length == 0
                ? null
                : mail.getFrom()[0] instanceof InternetAddress a ? a.getAddress() : mail.getFrom()[0].toString();
        String subject = mail.getSubject();
        String body = withoutQuote(MailParts.text(mail));
        String sourceId = header(mail, "Message-ID");
        if (sourceId == null) {
            sourceId = "no-id:" + author + ":" + mail.getSentDate() + ":" + subject;
        }
        Feedback feedback;
        if (delivery.isPresent()) {
            Delivery d = delivery.get();
            List<String> notices = bulletins.editionNotices(d.editionId());
            feedback = new Feedback(
                    UUID.randomUUID().toString(),
                    d.zoneId(),
                    notices.size() == 1 ? notices.get(0) : null,
                    d.bulletinId(),
                    d.id(),
                    "email",
                    author,
                    subject,
                    body,
                    true,
                    OffsetDateTime.now(clock));
        } else {
            feedback = new Feedback(
                    UUID.randomUUID().toString(),
                    null,
                    null,
                    null,
                    null,
                    "email",
                    author,
                    subject,
                    body,
                    false,
                    OffsetDateTime.now(clock));
        }
        if (store.add(feedback, sourceId)) {
            if (feedback.matched()) {
                LOG.info(
                        "Feedback {} from zone {} ({}) on bulletin {}",
                        feedback.id(),
                        feedback.zoneId(),
                        author,
                        feedback.bulletinId());
            } else {
                LOG.warn(
                        "Feedback {} from {} matches no bulletin email; kept as unmatched (subject: {})",
                        feedback.id(),
                        author,
                        subject);
            }
        } else {
            LOG.debug("Reply {} was stored before", sourceId);
        }
    }

    private Optional<Delivery> deliveryOf(Message mail) throws MessagingException {
        List<String> ids = new ArrayList<>();
        for (String name : new String[] {"In-Reply-To", "References"}) {
            String value = header(mail, name);
            if (value != null) {
                Matcher m = DELIVERY.matcher(value);
                while (m.find()) {
                    ids.add(m.group(1));
                }
            }
        }
        for (String name : new String[] {"To", "Delivered-To", "X-Original-To", "Cc"}) {
            String[] values = mail.getHeader(name);
            if (values != null) {
                for (String value : values) {
                    Matcher m = TAGGED.matcher(value);
                    while (m.find()) {
                        ids.add(m.group(1));
                    }
                }
            }
        }
        for (String id : ids) {
            Optional<Delivery> d = deliveries.find(id);
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    private static String header(Message mail, String name) throws MessagingException {
        String[] values = mail.getHeader(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    /** The reply without the original it quotes. */
    static String withoutQuote(String text) {
        List<String> kept = new ArrayList<>();
        for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
            if (QUOTE_START.matcher(line.strip()).matches()) {
                break;
            }
            if (!line.startsWith(">")) {
                kept.add(line);
            }
        }
        String body = String.join("\n", kept).strip();
        return body.isEmpty() ? text.strip() : body;
    }
}
