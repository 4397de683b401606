package org.devzone.bulletin.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.devzone.bulletin.bulletin.BulletinStore;
import org.devzone.bulletin.cadence.Schedule;
import org.devzone.bulletin.notice.NoticeStore;
import org.devzone.bulletin.zone.ChannelDefinition;
import org.devzone.bulletin.zone.ChannelType;
import org.devzone.bulletin.zone.Channels;
import org.devzone.bulletin.zone.Contact;
import org.devzone.bulletin.zone.Zone;
import org.devzone.bulletin.zone.ZoneDirectory;
import org.devzone.bulletin.platform.Nodes;
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

    /** The route a claimed message goes to: its channel, or {@code email-batch} for a batch of emails. */
    public static final String ROUTE = "deliveryRoute";

    private static final String BATCH = "deliveryBatch";

    private static final String ID = "deliveryId";
    private static final String PROVIDER_ID = "deliveryProviderId";
    private static final String SLOT = "deliverySlot";
    private static final String CLAIMED_AT = "deliveryClaimedAt";
    /** The delivery as claimed (its row), so the steps after the claim need not read it again. */
    private static final String CLAIMED_ROW = "deliveryClaimedRow";
    /** How many parts a chat message went out in, recorded with the delivery's sending. */
    private static final String PARTS = "deliveryParts";
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    /** A claim older than this was left by a consumer that died while sending. */
    private Nodes nodes;

    private final DeliveryStore store;
    private final BulletinStore bulletins;
    private final ZoneDirectory zones;
    private final EditionTemplates templates;
    private final EditionAssembler editions;
    private final EmailComposer composer;
    private final PooledMailSender mail;
    private final WebhookSender webhooks;
    private final OneBotSender oneBot;
    private final Map<ChannelType, ChatRobot> robots;
    private final Pacer pacer;
    private final DeliveryQueue queueLater;
    private final PacedSending paced;
    private final int qqMaxCharacters;
    private final Channels channels;
    private final java.util.function.BiConsumer<String, String> deadLetters;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final int maxAttempts;

    /** The parts a delivery is made from: templates and the senders of each channel. */
    public record Senders(EditionTemplates templates, EmailComposer composer, PooledMailSender mail,
            WebhookSender webhooks, OneBotSender oneBot, Map<ChannelType, ChatRobot> robots, int qqMaxCharacters,
            Channels channels, String officeName, org.devzone.bulletin.receipt.ReceiptService receipts) {}

    /**
     * How chat messages are paced: the pacer, how far off a slot may be before the message goes back to the broker to
     * wait there (nearer slots are waited for in place), and how to queue a message for later (payload, delay in ms).
     */
    public record Pacing(Pacer pacer, Duration deferBeyond, DeliveryQueue queueLater) {}

    private org.devzone.bulletin.platform.Metrics metrics;

    /** Counts outcomes and send times from now on. */
    public void metrics(org.devzone.bulletin.platform.Metrics metrics) {
        this.metrics = metrics;
    }

    private void count(String channel, String status) {
        if (metrics != null && channel != null) {
            metrics.delivery(channel, status);
        }
    }

    public DeliveryWorker(DeliveryStore store, BulletinStore bulletins, NoticeStore notices, ZoneDirectory zones,
            Supplier<Schedule> schedule, Senders senders, Pacing pacing,
            java.util.function.BiConsumer<String, String> deadLetters, ObjectMapper mapper, Clock clock, int maxAttempts) {
        this.templates = senders.templates();
        this.editions = new EditionAssembler(bulletins, notices, zones, schedule, senders.receipts(), senders.officeName(),
                mapper, clock);
        this.composer = senders.composer();
        this.mail = senders.mail();
        this.webhooks = senders.webhooks();
        this.oneBot = senders.oneBot();
        this.robots = senders.robots();
        this.pacer = pacing.pacer();
        this.paced = new PacedSending(pacing.pacer(), pacing.deferBeyond(), store, clock);
        this.queueLater = pacing.queueLater();
        this.qqMaxCharacters = senders.qqMaxCharacters();
        this.channels = senders.channels();
        this.deadLetters = deadLetters;
        this.store = store;
        this.bulletins = bulletins;
        this.zones = zones;
        this.mapper = mapper;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
    }

    /** The process whose claims this worker takes: the ledger records it, so a stopped process's claims come back. */
    public void claimsFor(Nodes nodes) {
        this.nodes = nodes;
    }

    /** Claims the delivery named by the message; a delivery already sent, dead or in hand elsewhere is skipped. */
    public void claim(Exchange exchange) {
        // Not ours: the error handling moves it to the dead-letter queue with the reason parse gives.
        DeliveryMessage read = DeliveryMessage.parse(exchange.getMessage().getBody(String.class), mapper);
        if (read.batch()) {
            claimBatch(exchange, read.ids());
            return;
        }
        String id = read.ids().get(0);
        Message message = exchange.getMessage();
        // A property, not a header: the error handling restores the original message, but keeps properties.
        exchange.setProperty(ID, id);
        if (read.slot() != null) {
            exchange.setProperty(SLOT, read.slot());
        }
        var claimed = store.claim(id, nodes.id(), now());
        message.setHeader(CLAIMED, claimed.isPresent());
        exchange.setProperty(CLAIMED_AT, System.nanoTime());
        claimed.ifPresent(d -> {
            exchange.setProperty(CLAIMED_ROW, d);
            message.setHeader(CHANNEL, d.channel());
            message.setHeader(ROUTE, d.channel());
        });
        if (claimed.isEmpty()) {
            Pacer.Slot planned = exchange.getProperty(SLOT, Pacer.Slot.class);
            if (planned != null) {
                pacer.cancel(planned); // its robot's slot goes to the next message
            }
            LOG.debug("Delivery {} needs nothing: already sent, dead or being sent", id);
        }
    }

    private void claimBatch(Exchange exchange, List<String> wanted) {
        List<Delivery> claimed = store.claimAll(wanted, nodes.id(), now());
        exchange.setProperty(BATCH, claimed);
        exchange.setProperty(CLAIMED_AT, System.nanoTime());
        Message message = exchange.getMessage();
        message.setHeader(CLAIMED, !claimed.isEmpty());
        message.setHeader(CHANNEL, "email");
        message.setHeader(ROUTE, "email-batch");
        if (claimed.size() < wanted.size()) {
            LOG.debug("{} of a batch of {} deliveries need nothing: already sent, dead or being sent",
                    wanted.size() - claimed.size(), wanted.size());
        }
    }

    /**
     * Sends a batch of claimed emails over one SMTP connection, recording each as it goes: sent, or failed (to be
     * retried, or given up). A failure of the connection itself fails every email not yet sent alike. When any is to be
     * retried the batch ends in {@link DeliveryFailure}: the JMS transaction rolls back and the broker brings the batch
     * back after its pause, when only the deliveries still waiting are claimed again.
     */
    @SuppressWarnings("unchecked")
    public void sendEmails(Exchange exchange) throws DeliveryFailure {
        List<Delivery> batch = exchange.getProperty(BATCH, List.class);
        EditionAssembler.Lookups lookups = editions.lookups(bulletins.editionNotices(batch.stream().map(Delivery::editionId).toList()));
        long started = exchange.getProperty(CLAIMED_AT, System.nanoTime(), Long.class);
        int retrying = 0;
        int untried = 0; // the first delivery of the batch not yet sent nor failed
        PooledMailSender.Connection connection = null;
        try {
            for (int i = 0; i < batch.size(); i++) {
                untried = i;
                Delivery d = batch.get(i);
                MimeMessage message;
                try {
                    message = email(d, lookups);
                } catch (MessagingException | RuntimeException failure) {
                    if (failure instanceof org.devzone.bulletin.platform.StoreException store) {
                        throw store; // the database, not this mail: the batch comes back later
                    }
                    // This mail's own: nothing was sent, and the connection is as good as before.
                    if (!record(d, compositionFailure(failure))) {
                        retrying++;
                    }
                    continue;
                }
                try {
                    if (connection == null) {
                        connection = mail.connection();
                    }
                    connection.send(message);
                } catch (MessagingException | RuntimeException failure) {
                    if (connection != null) {
                        connection.close(); // discarded: a connection that failed is not used again
                        connection = null;
                    }
                    boolean connectionFailed = !FailureClassifier.concernsThisMailOnly(failure);
                    List<Delivery> failed = connectionFailed ? batch.subList(i, batch.size()) : List.of(d);
                    for (Delivery f : failed) {
                        if (!record(f, failure)) {
                            retrying++;
                        }
                    }
                    if (connectionFailed) {
                        untried = batch.size();
                        break;
                    }
                    continue;
                }
                untried = i + 1; // sent: from here on, only the ledger can fail
                recordSent(d, EmailComposer.messageId(d.id()), started, null);
            }
        } catch (RuntimeException unexpected) {
            // The ledger failed (the database went away, say): the claims not yet used are handed back, so the batch
            // brought back by the broker finds them waiting rather than held until the sweep's claim timeout.
            for (Delivery d : batch.subList(untried, batch.size())) {
                try {
                    store.release(d.id(), now());
                } catch (RuntimeException alsoDown) {
                    break; // the sweep takes them back later
                }
            }
            throw unexpected;
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
        if (retrying > 0) {
            throw DeliveryFailure.recorded(retrying + " of " + batch.size() + " emails of the batch are to be tried again");
        }
    }

    /** The delivery's email, as the body for camel-mail. */
    public void composeEmail(Exchange exchange) throws MessagingException, DeliveryFailure {
        try {
            exchange.getMessage().setBody(email(delivery(exchange), editions.lookups(null)));
        } catch (MessagingException | RuntimeException failure) {
            if (failure instanceof org.devzone.bulletin.platform.StoreException store) {
                throw store;
            }
            throw compositionFailure(failure);
        }
    }

    /**
     * A mail that could not be built: a template that failed may be fixed (tried again); anything else (a header Jakarta
     * Mail refuses, stored before it was checked) will fail the same way every time, so it is given up at once.
     */
    private static DeliveryFailure compositionFailure(Exception failure) {
        boolean template = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            template |= t instanceof EditionTemplates.TemplateFailure;
        }
        return new DeliveryFailure("the email could not be composed: " + failure.getClass().getSimpleName() + ": "
                + String.valueOf(failure.getMessage()).replaceAll("\\s+", " ").strip(), !template, failure);
    }

    private MimeMessage email(Delivery d, EditionAssembler.Lookups lookups) throws MessagingException {
        EditionTemplates.Edition edition = editions.edition(d, true, lookups);
        Zone zone = zones.find(d.zoneId()).orElseThrow();
        String recipient = zone.contacts().stream().filter(c -> c.email().equals(d.address())).map(Contact::name)
                .findFirst().orElse(zone.name());
        return composer.compose(mail.getSession(), d.id(), d.address(), recipient, edition);
    }

    /** Posts the delivery to its webhook channel (paced when the channel has a rate). */
    public void sendWebhook(Exchange exchange) throws DeliveryFailure, DeliveryDeferred {
        Delivery d = delivery(exchange);
        ChannelDefinition channel = channel(d, ChannelType.WEBHOOK, d.address().substring(d.address().indexOf(':') + 1));
        EditionTemplates.Edition edition = editions.edition(d, false);
        String markdown = render(edition, "chat.md.ftl");
        sendParts(exchange, d, channel, List.of(markdown),
                part -> webhooks.send(channel, d.id(), d.bulletinId(), edition, part));
    }

    /** Sends the delivery to its QQ group, in numbered parts when long; a retry resumes after the parts already sent. */
    public void sendQq(Exchange exchange) throws DeliveryFailure, DeliveryDeferred {
        Delivery d = delivery(exchange);
        // qq:<bot>/<group>
        String[] target = d.address().substring(d.address().indexOf(':') + 1).split("/", 2);
        ChannelDefinition bot = channel(d, ChannelType.QQ, target[0]);
        String text = render(editions.edition(d, false), "chat.txt.ftl").strip();
        List<String> parts = MessageSplitter.split(text, qqMaxCharacters, MessageSplitter.CHARACTERS);
        sendParts(exchange, d, bot, parts, part -> oneBot.send(bot, target[1], part));
    }

    /**
     * Sends the delivery to its group robot (WeCom, DingTalk, Feishu): the chat Markdown, in numbered parts when longer
     * than the robot takes, each part holding one of the robot's required keywords, each paced to the robot's limits.
     */
    public void sendRobot(Exchange exchange) throws DeliveryFailure, DeliveryDeferred {
        Delivery d = delivery(exchange);
        ChannelType type = ChannelType.BY_NAME.get(d.channel());
        ChatRobot robot = robots.get(type);
        ChannelDefinition definition = channel(d, type, d.address().substring(d.address().indexOf(':') + 1));
        EditionTemplates.Edition edition = editions.edition(d, false);
        List<String> parts = withKeywords(render(edition, "chat.md.ftl").strip(), robot.maxBytes(), definition.keywords());
        String title = (edition.urgent() ? "【急】" : "") + edition.slotName() + " · " + edition.zoneName();
        int[] number = {d.partsSent()};
        sendParts(exchange, d, definition, parts, part -> {
            number[0]++;
            return robot.send(definition, parts.size() == 1 ? title : title + "（" + number[0] + "/" + parts.size() + "）", part);
        });
    }

    /**
     * Splits for the robot, and adds a line with the first keyword to any part that has none of them: DingTalk and
     * Feishu robots with keywords refuse every message without one.
     */
    static List<String> withKeywords(String text, int maxBytes, List<String> keywords) {
        if (keywords.isEmpty()) {
            return MessageSplitter.split(text, maxBytes, MessageSplitter.UTF8_BYTES);
        }
        String tag = "\n\n【" + keywords.get(0) + "】";
        List<String> parts = MessageSplitter.split(text, maxBytes - MessageSplitter.UTF8_BYTES.applyAsInt(tag),
                MessageSplitter.UTF8_BYTES);
        return parts.stream().map(p -> keywords.stream().anyMatch(p::contains) ? p : p + tag).toList();
    }

    /** Sends a chat message's parts paced to the channel's rate; the last part's answer is the provider's id. */
    private void sendParts(Exchange exchange, Delivery d, ChannelDefinition channel, List<String> parts,
            PacedSending.PartSender sender) throws DeliveryFailure, DeliveryDeferred {
        String providerId = paced.send(d, channel, parts, exchange.getProperty(SLOT, Pacer.Slot.class), sender);
        exchange.setProperty(PARTS, parts.size()); // the last part's count goes with the delivery's sending
        exchange.setProperty(PROVIDER_ID, providerId);
    }

    /**
     * Called by the delivery route's error handling when a delivery must wait for its robot: the claim is handed back
     * (the attempt does not count) and the message returns to the queue when its slot comes.
     */
    public void defer(Exchange exchange) {
        DeliveryDeferred deferred = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, DeliveryDeferred.class);
        String id = exchange.getProperty(ID, String.class);
        store.release(id, now());
        count(exchange.getMessage().getHeader(CHANNEL, String.class), "deferred");
        long delay = Math.max(0, deferred.slot().at() - pacer.now());
        queueLater.send(DeliveryMessage.payload(id, deferred.slot()), deferred.slot().key(), delay);
        LOG.debug("Delivery {} waits {} ms for {}", id, delay, deferred.slot().key());
    }

    private Delivery delivery(Exchange exchange) {
        Delivery claimed = exchange.getProperty(CLAIMED_ROW, Delivery.class);
        return claimed != null ? claimed : store.find(exchange.getProperty(ID, String.class)).orElseThrow();
    }

    private ChannelDefinition channel(Delivery d, ChannelType type, String name) throws DeliveryFailure {
        return channels.find(type, name).orElseThrow(() -> new DeliveryFailure(
                type.wireName() + " channel '" + name + "' is no longer defined in channels.yaml", true));
    }

    private String render(EditionTemplates.Edition edition, String template) throws DeliveryFailure {
        try {
            return templates.render(edition, template);
        } catch (EditionTemplates.TemplateFailure e) {
            throw new DeliveryFailure(e.getMessage(), false, e);
        }
    }

    public void sent(Exchange exchange) throws MessagingException {
        Object body = exchange.getMessage().getBody();
        String providerId = body instanceof MimeMessage m ? m.getMessageID() : exchange.getProperty(PROVIDER_ID, String.class);
        recordSent(delivery(exchange), providerId, exchange.getProperty(CLAIMED_AT, Long.class),
                exchange.getProperty(PARTS, Integer.class));
    }

    /**
     * Records a claimed delivery as sent: the ledger (with how many parts went, for a chat message), the metrics (time
     * since {@code claimedAt}, when known), the log.
     */
    private void recordSent(Delivery d, String providerId, Long claimedAt, Integer parts) {
        store.markSent(d.id(), providerId, parts, now());
        count(d.channel(), "sent");
        if (metrics != null && claimedAt != null) {
            metrics.sendTime(d.channel(), Duration.ofNanos(System.nanoTime() - claimedAt));
        }
        fields(LOG.atInfo(), d, "sent").log("Delivery {} sent: bulletin {}, zone {}, {} to {} (attempt {})", d.id(),
                d.bulletinId(), d.zoneId(), d.channel(), d.address(), d.attempts());
    }

    /** A delivery's state change as fields too, for JSON logs ({@code LOG_FORMAT=json}). */
    private static org.slf4j.spi.LoggingEventBuilder fields(org.slf4j.spi.LoggingEventBuilder event, Delivery d, String state) {
        return event.addKeyValue("delivery", d.id()).addKeyValue("bulletin", d.bulletinId()).addKeyValue("zone", d.zoneId())
                .addKeyValue("channel", d.channel()).addKeyValue("state", state).addKeyValue("attempt", d.attempts());
    }

    /**
     * Called by the delivery route's error handling. Records the failure and answers whether it is settled: true when
     * the delivery is given up ({@code dead}: a permanent failure, or the last attempt; a copy goes to the dead-letter
     * queue with the reason), false when it is to be tried again: the exception then rolls the JMS transaction back and
     * the broker redelivers the message later.
     */
    public boolean failed(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (exchange.getProperty(BATCH) != null) {
            // Each email of the batch was recorded as it failed; what failed outside them (the database, say) leaves
            // their claims to the sweep. Either way the broker brings the batch back later.
            if (!(caught instanceof DeliveryFailure f && f.recorded())) {
                LOG.warn("A batch of emails stopped and will be tried again: {}", FailureClassifier.describe(caught));
            }
            return false;
        }
        String id = exchange.getProperty(ID, String.class);
        String reason = FailureClassifier.describe(caught);
        Delivery d = id == null ? null : store.find(id).orElse(null);
        if (d == null) {
            LOG.warn("A delivery message could not be handled and is moved to the dead-letter queue: {}", reason);
            deadLetters.accept(exchange.getMessage().getBody(String.class), reason);
            return true;
        }
        return record(d, caught);
    }

    /**
     * Records a failed attempt of a claimed delivery: given up ({@code dead}: a permanent failure, or the last attempt;
     * a copy goes to the dead-letter queue with the reason), answering true; or to be tried again, answering false.
     */
    private boolean record(Delivery d, Throwable caught) {
        String id = d.id();
        String reason = FailureClassifier.describe(caught);
        boolean permanent = FailureClassifier.isPermanent(caught);
        if (permanent || d.attempts() >= maxAttempts) {
            String why = permanent ? reason : reason + " (gave up after " + d.attempts() + " attempts)";
            store.markDead(id, why, now());
            count(d.channel(), "dead");
            deadLetters.accept(DeliveryMessage.payload(id), why);
            fields(LOG.atWarn(), d, "dead").log("Delivery {} dead: bulletin {}, zone {}, {} to {}: {}", id, d.bulletinId(),
                    d.zoneId(), d.channel(), d.address(), why);
            return true;
        }
        store.markRetrying(id, reason, now());
        count(d.channel(), "retrying");
        fields(LOG.atWarn(), d, "retrying").log("Delivery {} retrying (attempt {} of {}): zone {}, {} to {}: {}", id,
                d.attempts(), maxAttempts, d.zoneId(), d.channel(), d.address(), reason);
        return false;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
