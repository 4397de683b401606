package org.devzone.bulletin;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.Registry;
import org.devzone.bulletin.bulletin.BulletinStore;
import org.devzone.bulletin.cadence.Schedule;
import org.devzone.bulletin.cadence.ScheduleRuntime;
import org.devzone.bulletin.delivery.ChatRobot;
import org.devzone.bulletin.delivery.DeliveryApi;
import org.devzone.bulletin.delivery.DeliveryConfiguration;
import org.devzone.bulletin.delivery.DeliveryMessage;
import org.devzone.bulletin.delivery.DeliveryQueue;
import org.devzone.bulletin.delivery.DeliveryRecovery;
import org.devzone.bulletin.delivery.DeliveryStore;
import org.devzone.bulletin.delivery.DeliverySweep;
import org.devzone.bulletin.delivery.EditionTemplates;
import org.devzone.bulletin.delivery.EmailComposer;
import org.devzone.bulletin.delivery.Fanout;
import org.devzone.bulletin.delivery.JmsDeliveryQueue;
import org.devzone.bulletin.delivery.OneBotSender;
import org.devzone.bulletin.delivery.Pacer;
import org.devzone.bulletin.delivery.PipeliningMailSender;
import org.devzone.bulletin.delivery.PooledMailSender;
import org.devzone.bulletin.delivery.Redrive;
import org.devzone.bulletin.delivery.WebhookSender;
import org.devzone.bulletin.notice.NoticeStore;
import org.devzone.bulletin.platform.Database;
import org.devzone.bulletin.platform.Metrics;
import org.devzone.bulletin.platform.Nodes;
import org.devzone.bulletin.platform.SetupWarning;
import org.devzone.bulletin.receipt.ReceiptService;
import org.devzone.bulletin.zone.ChannelDefinition;
import org.devzone.bulletin.zone.ChannelType;
import org.devzone.bulletin.zone.ZoneDirectory;

/**
 * The delivery feature's wiring: the ledger, the deliveries queue, the channels' senders and pacing, the fan-out of a
 * published bulletin, and the beans of the delivery routes (steps, sweep, API).
 */
final class DeliveryWiring {

    private DeliveryWiring() {}

    /** What the other features use of delivery, and what its routes are made of. */
    record Parts(
            DeliveryStore deliveryStore,
            DeliveryQueue deliveryQueue,
            Consumer<String> enqueue,
            PooledMailSender mailSender,
            PipeliningMailSender bulletinMail,
            EditionTemplates templates,
            EmailComposer composer,
            WebhookSender webhooks,
            OneBotSender oneBot,
            Map<ChannelType, ChatRobot> robots,
            Pacer pacer,
            Fanout fanout,
            List<SetupWarning> setup,
            Map<String, List<String>> missingSecrets) {}

    /** The ledger, queue, senders and fan-out; what is not set up yet is said once and in health. */
    static Parts prepare(
            CamelContext context,
            Settings settings,
            LoadedConfig config,
            PlatformConfiguration.Platform platform,
            Clock clock,
            ObjectMapper mapper)
            throws Exception {
        Registry registry = context.getRegistry();
        Database database = platform.database();
        ZoneDirectory zones = config.zones();
        Schedule schedule = config.schedule();
        // Deliveries: the ledger, the fan-out onto the deliveries queue, and email through pooled SMTP connections.
        DeliveryStore deliveryStore = new DeliveryStore(database.dataSource(), schedule.timeZone());
        // Chat deliveries travel on a queue of their own, in their robot's message group, so one consumer in the whole
        // cluster paces each robot and one waiting for a robot's window holds up no email.
        DeliveryQueue deliveryQueue = new JmsDeliveryQueue(
                platform.producerConnections(),
                context.resolvePropertyPlaceholders("{{dispatcher.queues.deliveries}}"),
                context.resolvePropertyPlaceholders("{{dispatcher.queues.chat-deliveries}}"));
        // Queuing again by id (re-drive, recovery, the sweep) looks the delivery up for its group.
        Consumer<String> enqueue = id -> deliveryQueue.send(
                DeliveryMessage.payload(id),
                deliveryStore
                        .find(id)
                        .map(d -> DeliveryQueue.group(d.channel(), d.address()))
                        .orElse(null),
                0);
        var smtp = new PooledMailSender.SmtpSettings(
                settings.mail().host(),
                settings.mail().port(),
                settings.mail().security(),
                settings.mail().user(),
                settings.mail().password(),
                settings.mail().connections(),
                30,
                settings.mail().timeoutMillis());
        // Single mails (receipts, replies) through camel-mail's Jakarta Mail; bulletins' mails, already encoded, over
        // a pipelining client.
        PooledMailSender mailSender = new PooledMailSender(smtp);
        context.addService(new Closing(mailSender), true, false);
        PipeliningMailSender bulletinMail = new PipeliningMailSender(smtp);
        context.addService(new Closing(bulletinMail), true, false);
        EditionTemplates templates = new EditionTemplates(config.directory().resolve("templates"));
        EmailComposer composer = new EmailComposer(
                templates,
                settings.officeName(),
                settings.mail().from(),
                context.getPropertiesComponent()
                        .resolveProperty("dispatcher.mail.reply-to")
                        .map(String::strip)
                        .orElse(""));
        // A channel's secret is the environment variable it names (or, for tests, a property of that name).
        UnaryOperator<String> secrets =
                name -> context.getPropertiesComponent().resolveProperty(name).orElse(null);
        Duration httpTimeout = Duration.ofMillis(settings.delivery().httpTimeoutMillis());
        WebhookSender webhooks = new WebhookSender(secrets, mapper, clock, httpTimeout);
        OneBotSender oneBot = new OneBotSender(secrets, mapper, httpTimeout);
        // Robots sign with the wall clock: providers compare the timestamp with their own time.
        var robots = ChatRobot.create(secrets, mapper, httpTimeout, Clock.systemUTC());
        Pacer pacer = new Pacer(
                System::currentTimeMillis, Duration.ofMillis(settings.delivery().paceMarginMillis()));
        // What the admin still has to set up: said once here, in health and on the status page. A channel without
        // its secrets gets no deliveries (they could only fail) until it is configured.
        var unconfiguredChannels = config.channels().unconfigured(secrets);
        List<SetupWarning> setup = SetupWarnings.of(
                config,
                unconfiguredChannels,
                settings.http().publicUrl(),
                settings.http().port());
        registry.bind("configurationHealth", new SetupWarning.Check(setup));
        Set<String> unconfigured = unconfiguredChannels.keySet().stream()
                .map(ChannelDefinition::key)
                .collect(Collectors.toSet());
        Fanout fanout = new Fanout(
                deliveryStore,
                zones,
                deliveryQueue,
                clock,
                settings.delivery().emailBatch(),
                new Fanout.Pacing(
                        pacer,
                        config.channels(),
                        Duration.ofMillis(settings.delivery().paceWaitMillis())),
                unconfigured);
        return new Parts(
                deliveryStore,
                deliveryQueue,
                enqueue,
                mailSender,
                bulletinMail,
                templates,
                composer,
                webhooks,
                oneBot,
                robots,
                pacer,
                fanout,
                setup,
                unconfiguredChannels.entrySet().stream()
                        .collect(Collectors.toMap(e -> e.getKey().key(), Map.Entry::getValue)));
    }

    /** The beans of the delivery routes: claim, compose, send and record; the sweep (answered); the API. */
    static DeliverySweep bindRoutes(
            CamelContext context,
            Settings settings,
            LoadedConfig config,
            PlatformConfiguration.Platform platform,
            Parts parts,
            BulletinStore bulletinStore,
            NoticeStore store,
            ScheduleRuntime scheduleRuntime,
            ReceiptService receipts,
            Clock clock,
            ObjectMapper mapper)
            throws Exception {
        Registry registry = context.getRegistry();
        ZoneDirectory zones = config.zones();
        Nodes nodes = platform.nodes();
        Metrics metrics = platform.metrics();
        DeliveryStore deliveryStore = parts.deliveryStore();
        Fanout fanout = parts.fanout();
        Consumer<String> enqueue = parts.enqueue();
        ProducerTemplate producer = context.createProducerTemplate();
        registry.bind(
                "deliverySteps",
                DeliveryConfiguration.steps(
                        new DeliveryConfiguration.Stores(
                                deliveryStore, bulletinStore, store, zones, scheduleRuntime::schedule),
                        new DeliveryConfiguration.Senders(
                                parts.templates(),
                                parts.composer(),
                                parts.bulletinMail(),
                                parts.webhooks(),
                                parts.oneBot(),
                                parts.robots(),
                                settings.delivery().qqMaxCharacters(),
                                config.channels(),
                                settings.officeName(),
                                receipts),
                        new DeliveryConfiguration.Pacing(
                                parts.pacer(),
                                Duration.ofMillis(settings.delivery().paceWaitMillis()),
                                parts.deliveryQueue()),
                        deadLetters(context, producer),
                        metrics,
                        nodes,
                        mapper,
                        clock,
                        settings.delivery().maxAttempts()));
        // A claim outlives any send (the SMTP and HTTP timeouts are far shorter); a waiting delivery is re-queued only
        // when even the longest broker redelivery pause has passed twice (unless configured).
        var recovery = new DeliveryRecovery(platform.database().dataSource());
        var deliverySweep = new DeliverySweep(recovery, bulletinStore, fanout, enqueue, clock);
        deliverySweep.recovery(
                nodes,
                Duration.ofMillis(settings.delivery().claimTimeoutMillis()),
                Duration.ofMillis(
                        settings.delivery().requeueAfterMillis() > 0
                                ? settings.delivery().requeueAfterMillis()
                                : Math.max(20 * 60_000L, 2 * settings.delivery().maxRetryDelayMillis())));
        registry.bind("deliverySweep", deliverySweep);
        // On a clean stop, after the routes: what this process still held (a send cut off by the shutdown timeout)
        // waits again, and the process leaves the list.
        context.addService(
                new Closing(() -> {
                    recovery.releaseClaimsOf(nodes.id(), OffsetDateTime.now(clock));
                    nodes.leave();
                }),
                true,
                false);
        registry.bind(
                "deliveryApi", new DeliveryApi(deliveryStore, mapper, new Redrive(deliveryStore, enqueue, clock)));
        return deliverySweep;
    }

    /** Puts a given-up delivery on the dead-letter queue with the reason, for operators and re-drive. */
    private static BiConsumer<String, String> deadLetters(CamelContext context, ProducerTemplate producer) {
        String queue = "activemq6:queue:" + context.resolvePropertyPlaceholders("{{dispatcher.queues.deliveries-dead}}")
                + "?exchangePattern=InOnly";
        return (payload, reason) -> producer.sendBodyAndHeader(queue, payload, "deadReason", reason);
    }
}
