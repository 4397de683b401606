package org.devzone.bulletin.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.devzone.bulletin.bulletin.BulletinStore;
import org.devzone.bulletin.cadence.Schedule;
import org.devzone.bulletin.notice.NoticeStore;
import org.devzone.bulletin.platform.Metrics;
import org.devzone.bulletin.platform.Nodes;
import org.devzone.bulletin.receipt.ReceiptService;
import org.devzone.bulletin.zone.ChannelType;
import org.devzone.bulletin.zone.Channels;
import org.devzone.bulletin.zone.ZoneDirectory;

/** The delivery route's parts: the channels a zone is reached on, and the steps that claim, compose, send, record. */
public final class DeliveryConfiguration {

    private DeliveryConfiguration() {}

    /** How editions are made and sent: templates, and the wire senders of each channel. */
    public record Senders(
            EditionTemplates templates,
            EmailComposer composer,
            PipeliningMailSender mail,
            WebhookSender webhooks,
            OneBotSender oneBot,
            Map<ChannelType, ChatRobot> robots,
            int qqMaxCharacters,
            Channels channels,
            String officeName,
            ReceiptService receipts) {}

    /**
     * How chat messages are paced: the pacer, how far off a slot may be before the message goes back to the broker to
     * wait there (nearer slots are waited for in place), and how to queue a message for later.
     */
    public record Pacing(Pacer pacer, Duration deferBeyond, DeliveryQueue queueLater) {}

    /** What the steps read and write. */
    public record Stores(
            DeliveryStore deliveries,
            BulletinStore bulletins,
            NoticeStore notices,
            ZoneDirectory zones,
            Supplier<Schedule> schedule) {}

    /**
     * The delivery route's steps ({@code deliverySteps}).
     *
     * @param deadLetters puts a payload on the dead-letter queue with the reason
     */
    public static DeliverySteps steps(
            Stores stores,
            Senders senders,
            Pacing pacing,
            BiConsumer<String, String> deadLetters,
            Metrics metrics,
            Nodes nodes,
            ObjectMapper mapper,
            Clock clock,
            int maxAttempts) {
        PacedSending paced = new PacedSending(pacing.pacer(), pacing.deferBeyond(), stores.deliveries(), clock);
        EditionAssembler editions = new EditionAssembler(
                stores.bulletins(),
                stores.notices(),
                stores.zones(),
                stores.schedule(),
                senders.receipts(),
                senders.officeName(),
                mapper,
                clock);
        DeliveryOutcomes outcomes =
                new DeliveryOutcomes(stores.deliveries(), pacing, deadLetters, metrics, clock, maxAttempts);
        return new DeliverySteps(
                stores.deliveries(),
                stores.bulletins(),
                editions,
                channels(senders, paced, stores.zones()),
                outcomes,
                pacing.pacer(),
                nodes,
                mapper,
                clock);
    }

    /** Every channel a zone can be reached on: a new channel is one class and one line here. */
    static List<Channel> channels(Senders senders, PacedSending paced, ZoneDirectory zones) {
        Channels defined = senders.channels();
        EditionTemplates templates = senders.templates();
        return List.of(
                new EmailChannel(senders.composer(), senders.mail(), zones),
                new WebhookChannel(defined, templates, paced, senders.webhooks()),
                new QqChannel(defined, templates, paced, senders.oneBot(), senders.qqMaxCharacters()),
                new RobotChannel(senders.robots().get(ChannelType.WECOM), defined, templates, paced),
                new RobotChannel(senders.robots().get(ChannelType.DINGTALK), defined, templates, paced),
                new RobotChannel(senders.robots().get(ChannelType.FEISHU), defined, templates, paced));
    }
}
