package org.devzone.bulletin.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.devzone.bulletin.bulletin.Bulletin;
import org.devzone.bulletin.bulletin.BulletinStore;
import org.devzone.bulletin.cadence.Schedule;
import org.devzone.bulletin.cadence.Slot;
import org.devzone.bulletin.notice.Attachment;
import org.devzone.bulletin.notice.Notice;
import org.devzone.bulletin.notice.NoticeStore;
import org.devzone.bulletin.zone.ChannelDefinition;
import org.devzone.bulletin.zone.ChannelType;
import org.devzone.bulletin.zone.Channels;
import org.devzone.bulletin.zone.Contact;
import org.devzone.bulletin.zone.Zone;
import org.devzone.bulletin.zone.ZoneDirectory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the delivery route: claim a delivery from the queue, compose its email, record it sent; and on a
 * failure decide between trying again later (the broker redelivers with growing pauses) and giving up with a reason.
 */
public final class DeliveryWorker {

    /** Exchange headers the delivery route reads. */
    public static final String CLAIMED = "deliveryClaimed";

    public static final String CHANNEL = "deliveryChannel";

    private static final String ID = "deliveryId";
    private static final String PROVIDER_ID = "deliveryProviderId";
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    /** A claim older than this was left by a consumer that died while sending. */
    private static final Duration STALE_CLAIM = Duration.ofMinutes(5);

    private final DeliveryStore store;
    private final BulletinStore bulletins;
    private final NoticeStore notices;
    private final ZoneDirectory zones;
    private final Supplier<Schedule> schedule;
    private final EditionTemplates templates;
    private final EmailComposer composer;
    private final PooledMailSender mail;
    private final WebhookSender webhooks;
    private final OneBotSender oneBot;
    private final int qqMaxCharacters;
    private final Channels channels;
    private final String officeName;
    private final Fanout fanout;
    private final Consumer<String> queue;
    private final java.util.function.BiConsumer<String, String> deadLetters;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final int maxAttempts;

    /** The parts a delivery is made from: templates and the senders of each channel. */
    public record Senders(EditionTemplates templates, EmailComposer composer, PooledMailSender mail,
            WebhookSender webhooks, OneBotSender oneBot, int qqMaxCharacters, Channels channels, String officeName) {}

    public DeliveryWorker(DeliveryStore store, BulletinStore bulletins, NoticeStore notices, ZoneDirectory zones,
            Supplier<Schedule> schedule, Senders senders, Fanout fanout,
            Consumer<String> queue, java.util.function.BiConsumer<String, String> deadLetters, ObjectMapper mapper,
            Clock clock, int maxAttempts) {
        this.templates = senders.templates();
        this.composer = senders.composer();
        this.mail = senders.mail();
        this.webhooks = senders.webhooks();
        this.oneBot = senders.oneBot();
        this.qqMaxCharacters = senders.qqMaxCharacters();
        this.channels = senders.channels();
        this.officeName = senders.officeName();
        this.deadLetters = deadLetters;
        this.store = store;
        this.bulletins = bulletins;
        this.notices = notices;
        this.zones = zones;
        this.schedule = schedule;
        this.fanout = fanout;
        this.queue = queue;
        this.mapper = mapper;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
    }

    /** The queue's payload: {@code {"v": 1, "delivery": "<id>"}}. */
    public static String payload(String deliveryId) {
        return "{\"v\":1,\"delivery\":\"" + deliveryId + "\"}";
    }

    /** Claims the delivery named by the message; a delivery already sent, dead or in hand elsewhere is skipped. */
    public void claim(Exchange exchange) throws IOException {
        String body = exchange.getMessage().getBody(String.class);
        JsonNode payload = body == null ? null : mapper.readTree(body);
        String id = payload == null ? "" : payload.path("delivery").asText();
        if (id.isBlank()) {
            // Not ours: the error handling moves it to the dead-letter queue with this reason.
            throw new IllegalArgumentException("not a delivery message (expected {\"v\": 1, \"delivery\": \"<id>\"}): " + body);
        }
        Message message = exchange.getMessage();
        // A property, not a header: the error handling restores the original message, but keeps properties.
        exchange.setProperty(ID, id);
        var claimed = store.claim(id, now());
        message.setHeader(CLAIMED, claimed.isPresent());
        claimed.ifPresent(d -> message.setHeader(CHANNEL, d.channel()));
        if (claimed.isEmpty()) {
            LOG.debug("Delivery {} needs nothing: already sent, dead or being sent", id);
        }
    }

    /** The delivery's email, as the body for camel-mail. */
    public void composeEmail(Exchange exchange) throws MessagingException {
        Delivery d = store.find(exchange.getProperty(ID, String.class)).orElseThrow();
        EditionTemplates.Edition edition = edition(d);
        Zone zone = zones.find(d.zoneId()).orElseThrow();
        String recipient = zone.contacts().stream().filter(c -> c.email().equals(d.address())).map(Contact::name)
                .findFirst().orElse(zone.name());
        exchange.getMessage().setBody(composer.compose(mail.getSession(), d.id(), d.address(), recipient, edition));
    }

    /** Posts the delivery to its webhook channel. */
    public void sendWebhook(Exchange exchange) throws DeliveryFailure {
        Delivery d = store.find(exchange.getProperty(ID, String.class)).orElseThrow();
        String name = d.address().substring(d.address().indexOf(':') + 1);
        ChannelDefinition channel = channels.find(ChannelType.WEBHOOK, name).orElseThrow(() ->
                new DeliveryFailure("webhook channel '" + name + "' is no longer defined in channels.yaml", true));
        EditionTemplates.Edition edition = edition(d);
        String markdown;
        try {
            markdown = templates.render(edition, "chat.md.ftl");
        } catch (EditionTemplates.TemplateFailure e) {
            throw new DeliveryFailure(e.getMessage(), false, e);
        }
        exchange.setProperty(PROVIDER_ID, webhooks.send(channel, d.id(), d.bulletinId(), edition, markdown));
    }

    /** Sends the delivery to its QQ group, in numbered parts when long; a retry resumes after the parts already sent. */
    public void sendQq(Exchange exchange) throws DeliveryFailure {
        Delivery d = store.find(exchange.getProperty(ID, String.class)).orElseThrow();
        // qq:<bot>/<group>
        String[] target = d.address().substring(d.address().indexOf(':') + 1).split("/", 2);
        ChannelDefinition bot = channels.find(ChannelType.QQ, target[0]).orElseThrow(() ->
                new DeliveryFailure("QQ channel '" + target[0] + "' is no longer defined in channels.yaml", true));
        String text;
        try {
            text = templates.render(edition(d), "chat.txt.ftl").strip();
        } catch (EditionTemplates.TemplateFailure e) {
            throw new DeliveryFailure(e.getMessage(), false, e);
        }
        List<String> parts = MessageSplitter.split(text, qqMaxCharacters, MessageSplitter.CHARACTERS);
        exchange.setProperty(PROVIDER_ID, oneBot.send(bot, target[1], parts, d.partsSent(),
                sent -> store.markPartsSent(d.id(), sent, now())));
    }

    /** One zone's edition of the delivery's bulletin, with its notices and attachments. */
    private EditionTemplates.Edition edition(Delivery d) {
        Bulletin bulletin = bulletins.header(d.bulletinId()).orElseThrow();
        Zone zone = zones.find(d.zoneId()).orElseThrow(() -> new IllegalStateException("zone " + d.zoneId() + " is no longer in the directory"));
        Slot slot = schedule.get().find(bulletin.slot()).orElse(null);
        List<Notice> list = bulletins.editionNotices(d.editionId()).stream().map(id -> notices.find(id).orElseThrow()).toList();
        Map<String, List<Attachment>> attachments = new HashMap<>();
        list.forEach(n -> attachments.put(n.id(), notices.attachments(n.id())));
        boolean urgent = bulletin.kind() == Bulletin.Kind.URGENT;
        return new EditionTemplates.Edition(officeName, bulletin.slot(), slot != null ? slot.name() : bulletin.slot(),
                urgent ? "urgent" : slot != null ? slot.template() : bulletin.slot(), bulletin.date(), urgent, zone.id(),
                zone.name(), zone.city(), list, attachments, sections(bulletin));
    }

    public void sent(Exchange exchange) throws MessagingException {
        String id = exchange.getProperty(ID, String.class);
        Object body = exchange.getMessage().getBody();
        String providerId = body instanceof MimeMessage m ? m.getMessageID() : exchange.getProperty(PROVIDER_ID, String.class);
        store.markSent(id, providerId, now());
        Delivery d = store.find(id).orElseThrow();
        LOG.info("Delivery {} sent: bulletin {}, zone {}, {} to {} (attempt {})", id, d.bulletinId(), d.zoneId(),
                d.channel(), d.address(), d.attempts());
    }

    /**
     * Called by the delivery route's error handling. Records the failure and answers whether it is settled: true when
     * the delivery is given up ({@code dead}: a permanent failure, or the last attempt; a copy goes to the dead-letter
     * queue with the reason), false when it is to be tried again: the exception then rolls the JMS transaction back and
     * the broker redelivers the message later.
     */
    public boolean failed(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String id = exchange.getProperty(ID, String.class);
        String reason = describe(caught);
        Delivery d = id == null ? null : store.find(id).orElse(null);
        if (d == null) {
            LOG.warn("A delivery message could not be handled and is moved to the dead-letter queue: {}", reason);
            deadLetters.accept(exchange.getMessage().getBody(String.class), reason);
            return true;
        }
        boolean permanent = isPermanent(caught);
        if (permanent || d.attempts() >= maxAttempts) {
            String why = permanent ? reason : reason + " (gave up after " + d.attempts() + " attempts)";
            store.markDead(id, why, now());
            deadLetters.accept(payload(id), why);
            LOG.warn("Delivery {} dead: bulletin {}, zone {}, {} to {}: {}", id, d.bulletinId(), d.zoneId(), d.channel(),
                    d.address(), why);
            return true;
        }
        store.markRetrying(id, reason, now());
        LOG.warn("Delivery {} retrying (attempt {} of {}): zone {}, {} to {}: {}", id, d.attempts(), maxAttempts,
                d.zoneId(), d.channel(), d.address(), reason);
        return false;
    }

    /**
     * At start: bulletins published without deliveries (a crash in between) are fanned out; claims left by a consumer
     * that died are released; everything not yet sent is queued again (a delivery already queued is claimed once).
     */
    public void recover() {
        bulletins.publishedWithoutDeliveries().forEach(id -> bulletins.find(id).ifPresent(fanout::fanOut));
        store.releaseStale(now().minus(STALE_CLAIM), now());
        List<String> unfinished = store.unfinished();
        unfinished.forEach(queue);
        if (!unfinished.isEmpty()) {
            LOG.info("{} unfinished deliveries queued again after start", unfinished.size());
        }
    }

    private Map<String, Object> sections(Bulletin bulletin) {
        if (bulletin.sections() == null) {
            return Map.of();
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> sections = mapper.readValue(bulletin.sections(), Map.class);
            return sections;
        } catch (IOException e) {
            throw new IllegalStateException("stored sections are not JSON", e);
        }
    }

    /** Permanent: the server refused the recipient or the message for good (5xx), or our credentials. */
    static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DeliveryFailure channelFailure) {
                return channelFailure.permanent();
            }
            if (t instanceof AuthenticationFailedException) {
                return true;
            }
            if (t instanceof SMTPAddressFailedException address) {
                return address.getReturnCode() >= 500;
            }
            if (t instanceof SMTPSendFailedException send) {
                return send.getReturnCode() >= 500;
            }
            if (t instanceof SendFailedException send && send.getInvalidAddresses() != null
                    && send.getInvalidAddresses().length > 0 && send.getNextException() == null) {
                return true;
            }
            if (t instanceof ConnectException || t instanceof SocketTimeoutException || t instanceof UnknownHostException) {
                return false;
            }
        }
        return false;
    }

    /** A reason a person understands. */
    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DeliveryFailure channelFailure) {
                return channelFailure.getMessage();
            }
            if (t instanceof SMTPAddressFailedException a) {
                return "the mail server refused the address " + a.getAddress().getAddress() + ": " + a.getMessage().strip();
            }
            if (t instanceof SMTPSendFailedException s) {
                return "the mail server refused the message: " + s.getMessage().strip();
            }
            if (t instanceof AuthenticationFailedException) {
                return "the mail server refused our login (dispatcher.mail.user / DISPATCHER_MAIL_PASSWORD)";
            }
            if (t instanceof ConnectException c) {
                return "cannot connect to the mail server: " + c.getMessage();
            }
            if (t instanceof SocketTimeoutException) {
                return "the mail server did not answer in time";
            }
        }
        return failure == null ? "unknown failure" : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
