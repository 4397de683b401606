package org.devzone.bulletin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.activemq6.ActiveMQComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.devzone.bulletin.bulletin.BulletinApi;
import org.devzone.bulletin.bulletin.BulletinService;
import org.devzone.bulletin.bulletin.BulletinStore;
import org.devzone.bulletin.bulletin.Cadence;
import org.devzone.bulletin.bulletin.ReceiptReminders;
import org.devzone.bulletin.cadence.CadenceHealthChecks;
import org.devzone.bulletin.cadence.Planner;
import org.devzone.bulletin.cadence.Schedule;
import org.devzone.bulletin.cadence.ScheduleApi;
import org.devzone.bulletin.cadence.ScheduleRuntime;
import org.devzone.bulletin.calendar.WorkingCalendar;
import org.devzone.bulletin.delivery.ChatRobot;
import org.devzone.bulletin.delivery.DeliveryApi;
import org.devzone.bulletin.delivery.DeliveryConfiguration;
import org.devzone.bulletin.delivery.DeliveryStore;
import org.devzone.bulletin.delivery.EditionTemplates;
import org.devzone.bulletin.delivery.EmailComposer;
import org.devzone.bulletin.delivery.Fanout;
import org.devzone.bulletin.delivery.OneBotSender;
import org.devzone.bulletin.delivery.Pacer;
import org.devzone.bulletin.delivery.PooledMailSender;
import org.devzone.bulletin.delivery.WebhookSender;
import org.devzone.bulletin.feedback.FeedbackApi;
import org.devzone.bulletin.feedback.FeedbackStore;
import org.devzone.bulletin.feedback.ReplyIntake;
import org.devzone.bulletin.notice.MailIntake;
import org.devzone.bulletin.notice.NoticeApi;
import org.devzone.bulletin.notice.NoticeJmsIntake;
import org.devzone.bulletin.notice.NoticeParser;
import org.devzone.bulletin.notice.NoticeService;
import org.devzone.bulletin.notice.NoticeStore;
import org.devzone.bulletin.platform.Database;
import org.devzone.bulletin.platform.EmbeddedBroker;
import org.devzone.bulletin.platform.FailureLimiter;
import org.devzone.bulletin.platform.InfrastructureHealthChecks;
import org.devzone.bulletin.platform.Metrics;
import org.devzone.bulletin.platform.Problems;
import org.devzone.bulletin.receipt.ReceiptApi;
import org.devzone.bulletin.receipt.ReceiptSecret;
import org.devzone.bulletin.receipt.ReceiptService;
import org.devzone.bulletin.receipt.ReceiptStore;
import org.devzone.bulletin.receipt.ReceiptTokens;
import org.devzone.bulletin.report.StaffReports;
import org.devzone.bulletin.status.StatusPage;
import org.devzone.bulletin.status.StatusReport;
import org.devzone.bulletin.zone.ZoneDirectory;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the beans the YAML routes refer to by name, and starts the embedded parts (broker, database) before the routes
 * so that they stop after them.
 */
final class DispatcherConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DispatcherConfiguration.class);

    /** How far ahead the start-up check looks for a year without official calendar data. */
    static final int CALENDAR_LOOKAHEAD_DAYS = 90;

    private final LoadedConfig config;
    private final Clock clock;

    DispatcherConfiguration(LoadedConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.from(context.getPropertiesComponent()::resolveProperty);
        Schedule schedule = config.schedule();
        // Every time a person reads (pages, mails, chat, API) is the office's: stamps are made in its zone.
        Clock clock = this.clock.withZone(schedule.timeZone());
        ZoneDirectory zones = config.zones();
        Registry registry = context.getRegistry();
        ObjectMapper mapper = JsonMapper.builder().findAndAddModules().build();

        if (settings.clusterEnabled() && (settings.embeddedDatabase() || settings.embeddedBroker())) {
            throw org.devzone.bulletin.config.ConfigException.of(
                    "dispatcher.cluster.enabled=true: several nodes share one"
                            + " PostgreSQL database and one ActiveMQ broker; set dispatcher.db.url (jdbc:postgresql://...) and"
                            + " dispatcher.broker.url (tcp://... or failover:(...)) as well"
                            + (settings.embeddedDatabase() ? " (the database is the embedded H2 one)" : "")
                            + (settings.embeddedBroker() ? " (the broker is the embedded one)" : ""));
        }
        if (settings.clusterEnabled() && settings.receiptSecret().isBlank()) {
            throw org.devzone.bulletin.config.ConfigException.of(
                    "dispatcher.cluster.enabled=true: a receipt link made by one"
                            + " node must open on every node; set the same dispatcher.receipts.secret (DISPATCHER_RECEIPTS_SECRET)"
                            + " on all of them");
        }
        // A node that cannot listen must not run on without its API and health (it would still take deliveries).
        portFree("camel.server", settings.httpHost(), settings.httpPort());
        var properties = context.getPropertiesComponent();
        boolean management = properties
                .resolveProperty("camel.management.enabled")
                .orElse("false")
                .strip()
                .equals("true");
        int managementPort = Integer.parseInt(properties
                .resolveProperty("camel.management.port")
                .orElse("8081")
                .strip());
        if (management) {
            portFree(
                    "camel.management",
                    properties
                            .resolveProperty("camel.management.host")
                            .orElse("0.0.0.0")
                            .strip(),
                    managementPort);
        }
        Database database = Database.open(
                settings.dbUrl(),
                settings.dbUser(),
                settings.dbPassword(),
                settings.dbSchema(),
                settings.dbPoolSize(),
                settings.dataDir());
        context.addService(new Closing(database), true, true);
        // This process among those sharing the database: work it claims is taken back only once it stops answering.
        org.devzone.bulletin.platform.Nodes nodes = new org.devzone.bulletin.platform.Nodes(
                database.dataSource(),
                java.time.Duration.ofMillis(settings.nodeDeadAfterMillis()),
                settings.databaseOfThisProcessOnly(),
                System::nanoTime);
        nodes.heartbeat();
        registry.bind("nodes", nodes);

        // Camel's MicrometerPrometheus serves its registry at /observe/metrics on the management port; ours join it.
        io.micrometer.core.instrument.MeterRegistry meterRegistry =
                registry.lookupByNameAndType("metricsRegistry", io.micrometer.core.instrument.MeterRegistry.class);
        if (meterRegistry == null) {
            meterRegistry = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                    io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
            registry.bind("metricsRegistry", meterRegistry);
        }
        Metrics metrics = new Metrics(meterRegistry);
        String brokerDescription;
        String brokerUrl;
        if (settings.embeddedBroker()) {
            EmbeddedBroker broker = new EmbeddedBroker(settings.dataDir().resolve("amq"), settings.brokerListen());
            for (String queue : new String[] {
                "dispatcher.queues.deliveries",
                "dispatcher.queues.deliveries-dead",
                "dispatcher.queues.notices",
                "dispatcher.queues.notices-invalid"
            }) {
                String name = context.resolvePropertyPlaceholders("{{" + queue + "}}");
                metrics.gauge(
                        "bulletin_queue_depth",
                        "Messages waiting on a queue of the embedded broker",
                        "queue",
                        name,
                        broker,
                        b -> b.queueDepth(name));
            }
            context.addService(broker, true, true);
            brokerUrl = broker.clientUrl();
            brokerDescription = broker.description();
        } else {
            brokerUrl = settings.brokerUrl();
            brokerDescription = "ActiveMQ at " + brokerUrl.replaceAll("(?i)password=[^&)]*", "password=***");
        }
        if (settings.clusterEnabled()) {
            ClusteredQuartz.configure(context, database, settings.clusterCheckinMillis());
        }
        ActiveMQConnectionFactory brokerConnections = brokerConnections(settings, brokerUrl, context);
        context.addComponent("activemq6", jmsComponent(brokerConnections));
        // What the dispatcher itself sends (the fan-out, re-queued deliveries) goes through a few pooled connections of
        // its own; the consumers never share them (see jmsComponent).
        JmsPoolConnectionFactory producerConnections = new JmsPoolConnectionFactory();
        producerConnections.setConnectionFactory(brokerConnections);
        producerConnections.setMaxConnections(2);
        context.addService(new Closing(producerConnections::stop), true, false);
        var databaseHealth =
                new InfrastructureHealthChecks.DatabaseCheck(database.dataSource(), database.description());
        // The broker check opens a connection of its own each time: it tells whether a new one can be made.
        var brokerHealth = new InfrastructureHealthChecks.BrokerCheck(brokerConnections, brokerDescription);
        var smtpHealth = new InfrastructureHealthChecks.MailServerCheck(settings.mailHost(), settings.mailPort());
        registry.bind("databaseHealth", databaseHealth);
        registry.bind("brokerHealth", brokerHealth);
        registry.bind("smtpHealth", smtpHealth);
        // Readiness also needs the queues' consumers running; a route whose consumers stay down is restarted.
        registry.bind(
                "queueConsumersHealth",
                new org.devzone.bulletin.platform.QueueConsumersCheck(
                        java.time.Duration.ofMillis(Long.parseLong(context.resolvePropertyPlaceholders(
                                "{{dispatcher.broker.consumers-restart-after-ms:60000}}"))),
                        () -> brokerHealth.call().getState() == org.apache.camel.health.HealthCheck.State.UP,
                        System::nanoTime));

        NoticeParser parser = new NoticeParser(zones, clock, schedule.timeZone());
        NoticeStore store = new NoticeStore(database.dataSource(), mapper, schedule.timeZone());
        ScheduleRuntime scheduleRuntime =
                new ScheduleRuntime(config.directory(), new Planner(schedule, config.calendar()));
        // A new urgent notice wakes the urgent sweep at once, off the caller's thread (the timer is the safety net).
        java.util.concurrent.ExecutorService urgentNow =
                context.getExecutorServiceManager().newSingleThreadExecutor(this, "urgent-now");
        java.util.concurrent.atomic.AtomicReference<Cadence> cadenceOnceBuilt =
                new java.util.concurrent.atomic.AtomicReference<>();
        Runnable wakeUrgent = !settings.urgentAtOnce()
                ? () -> {}
                : () -> urgentNow.execute(() -> {
                    try {
                        Cadence built = cadenceOnceBuilt.get();
                        if (built != null && context.isStarted()) {
                            built.sweepUrgent();
                        }
                    } catch (RuntimeException e) {
                        LOG.warn(
                                "Urgent notices could not go out at once; the next sweep tries again: {}",
                                e.toString());
                    }
                });
        NoticeService notices =
                new NoticeService(parser, store, scheduleRuntime::schedule, clock, metrics::noticeQueued, wakeUrgent);
        registry.bind("clock", clock);
        registry.bind("apiDocument", new org.devzone.bulletin.platform.ApiDocument(mapper));
        registry.bind("objectMapper", mapper);
        registry.bind("dataSource", database.dataSource());
        registry.bind("zoneDirectory", zones);
        registry.bind("schedule", schedule);
        registry.bind("noticeService", notices);
        registry.bind("noticeApi", new NoticeApi(notices, mapper));
        registry.bind("noticeJmsIntake", new NoticeJmsIntake(notices, mapper));
        Problems problems = new Problems(mapper);
        registry.bind("problems", problems);
        registry.bind("scheduleRuntime", scheduleRuntime);
        var scheduleHealth = new CadenceHealthChecks.ScheduleCheck(scheduleRuntime);
        var calendarHealth = new CadenceHealthChecks.CalendarCheck(scheduleRuntime, clock, CALENDAR_LOOKAHEAD_DAYS);
        registry.bind("scheduleHealth", scheduleHealth);
        registry.bind("calendarHealth", calendarHealth);
        registry.bind("scheduleApi", new ScheduleApi(scheduleRuntime, clock, mapper, settings.officeName()));
        BulletinStore bulletinStore = new BulletinStore(database.dataSource(), schedule.timeZone(), nodes.id());
        // Deliveries: the ledger, the fan-out onto the deliveries queue, and email through pooled SMTP connections.
        DeliveryStore deliveryStore = new DeliveryStore(database.dataSource(), schedule.timeZone());
        ProducerTemplate producer = context.createProducerTemplate();
        // Chat deliveries travel in their robot's message group, so one consumer in the whole cluster paces each robot.
        org.devzone.bulletin.delivery.DeliveryQueue deliveryQueue = new org.devzone.bulletin.delivery.JmsDeliveryQueue(
                producerConnections, context.resolvePropertyPlaceholders("{{dispatcher.queues.deliveries}}"));
        // Queuing again by id (re-drive, recovery, the sweep) looks the delivery up for its group.
        Consumer<String> enqueue = id -> deliveryQueue.send(
                org.devzone.bulletin.delivery.DeliveryMessage.payload(id),
                deliveryStore
                        .find(id)
                        .map(d -> org.devzone.bulletin.delivery.DeliveryQueue.group(d.channel(), d.address()))
                        .orElse(null),
                0);
        PooledMailSender mailSender = new PooledMailSender(new PooledMailSender.SmtpSettings(
                settings.mailHost(),
                settings.mailPort(),
                settings.mailSecurity(),
                settings.mailUser(),
                settings.mailPassword(),
                settings.mailConnections(),
                30,
                settings.mailTimeoutMillis()));
        context.addService(new Closing(mailSender), true, false);
        EditionTemplates templates = new EditionTemplates(config.directory().resolve("templates"));
        EmailComposer composer = new EmailComposer(
                templates,
                settings.officeName(),
                settings.mailFrom(),
                context.getPropertiesComponent()
                        .resolveProperty("dispatcher.mail.reply-to")
                        .map(String::strip)
                        .orElse(""));
        // A channel's secret is the environment variable it names (or, for tests, a property of that name).
        java.util.function.UnaryOperator<String> secrets =
                name -> context.getPropertiesComponent().resolveProperty(name).orElse(null);
        java.time.Duration httpTimeout = java.time.Duration.ofMillis(settings.httpTimeoutMillis());
        WebhookSender webhooks = new WebhookSender(secrets, mapper, clock, httpTimeout);
        OneBotSender oneBot = new OneBotSender(secrets, mapper, httpTimeout);
        // Robots sign with the wall clock: providers compare the timestamp with their own time.
        var robots = ChatRobot.create(secrets, mapper, httpTimeout, Clock.systemUTC());
        Pacer pacer = new Pacer(System::currentTimeMillis, java.time.Duration.ofMillis(settings.paceMarginMillis()));
        // What the admin still has to set up: said once here, in health and on the status page. A channel without
        // its secrets gets no deliveries (they could only fail) until it is configured.
        var unconfiguredChannels = config.channels().unconfigured(secrets);
        List<org.devzone.bulletin.platform.SetupWarning> setup =
                SetupWarnings.of(config, unconfiguredChannels, settings.publicUrl(), settings.httpPort());
        registry.bind("configurationHealth", new org.devzone.bulletin.platform.SetupWarning.Check(setup));
        java.util.Set<String> unconfigured = unconfiguredChannels.keySet().stream()
                .map(org.devzone.bulletin.zone.ChannelDefinition::key)
                .collect(java.util.stream.Collectors.toSet());
        Fanout fanout = new Fanout(
                deliveryStore,
                zones,
                deliveryQueue,
                clock,
                settings.deliveryEmailBatch(),
                new Fanout.Pacing(pacer, config.channels(), java.time.Duration.ofMillis(settings.paceWaitMillis())),
                unconfigured);
        ReceiptStore receiptStore = new ReceiptStore(database.dataSource(), schedule.timeZone());
        String publicUrl =
                settings.publicUrl().isEmpty() ? "http://localhost:" + settings.httpPort() : settings.publicUrl();
        ReceiptService receipts = new ReceiptService(
                new ReceiptTokens(ReceiptSecret.resolve(settings.receiptSecret(), settings.dataDir())),
                receiptStore,
                zones,
                clock,
                schedule.timeZone(),
                publicUrl,
                settings.officeName(),
                settings.receiptValidDays());
        FailureLimiter badTokens = new FailureLimiter(
                settings.badTokenLimit(),
                java.time.Duration.ofMillis(settings.badTokenWindowMillis()),
                settings.trustForwardedFor(),
                System::currentTimeMillis);
        registry.bind("failureLimiter", badTokens);
        registry.bind(
                "receiptApi",
                new ReceiptApi(receipts, receiptStore, notices, zones, mapper, clock, schedule.timeZone(), badTokens));
        FeedbackStore feedback = new FeedbackStore(database.dataSource(), schedule.timeZone());
        StaffReports staffReports = new StaffReports(
                database.dataSource(),
                receiptStore,
                feedback,
                zones,
                config.staff(),
                notices::find,
                scheduleRuntime::schedule,
                settings.feedbackDigestSlot(),
                new StaffReports.Mail(
                        mailSender::send, mailSender.getSession(), settings.mailFrom(), settings.officeName()),
                clock,
                schedule.timeZone());
        registry.bind("staffReports", staffReports);
        BulletinService bulletins = new BulletinService(
                bulletinStore,
                scheduleRuntime::planner,
                zones,
                mapper,
                clock,
                // A published bulletin: counted, its deliveries planned and queued, its staff reports noted.
                List.<org.devzone.bulletin.bulletin.Publication>of(
                        bulletin -> metrics.bulletinFired(
                                bulletin.slot(), bulletin.kind().name().toLowerCase(java.util.Locale.ROOT)),
                        fanout,
                        staffReports));
        bulletins.processes(nodes);
        registry.bind(
                "deliverySteps",
                DeliveryConfiguration.steps(
                        new DeliveryConfiguration.Stores(
                                deliveryStore, bulletinStore, store, zones, scheduleRuntime::schedule),
                        new DeliveryConfiguration.Senders(
                                templates,
                                composer,
                                mailSender,
                                webhooks,
                                oneBot,
                                robots,
                                settings.qqMaxCharacters(),
                                config.channels(),
                                settings.officeName(),
                                receipts),
                        new DeliveryConfiguration.Pacing(
                                pacer, java.time.Duration.ofMillis(settings.paceWaitMillis()), deliveryQueue),
                        deadLetters(context, producer),
                        metrics,
                        nodes,
                        mapper,
                        clock,
                        settings.deliveryMaxAttempts()));
        // A claim outlives any send (the SMTP and HTTP timeouts are far shorter); a waiting delivery is re-queued only
        // when even the longest broker redelivery pause has passed twice (unless configured).
        var deliverySweep =
                new org.devzone.bulletin.delivery.DeliverySweep(deliveryStore, bulletinStore, fanout, enqueue, clock);
        deliverySweep.recovery(
                nodes,
                java.time.Duration.ofMillis(settings.deliveryClaimTimeoutMillis()),
                java.time.Duration.ofMillis(
                        settings.deliveryRequeueAfterMillis() > 0
                                ? settings.deliveryRequeueAfterMillis()
                                : Math.max(20 * 60_000L, 2 * settings.deliveryMaxRetryDelayMillis())));
        registry.bind("deliverySweep", deliverySweep);
        // On a clean stop, after the routes: what this process still held (a send cut off by the shutdown timeout)
        // waits again, and the process leaves the list.
        context.addService(
                new Closing(() -> {
                    deliveryStore.releaseClaimsOf(nodes.id(), java.time.OffsetDateTime.now(clock));
                    nodes.leave();
                }),
                true,
                false);
        registry.bind("deliveryApi", new DeliveryApi(deliveryStore, mapper, enqueue, clock));
        Cadence cadence = new Cadence(scheduleRuntime, bulletins, bulletinStore, clock);
        cadenceOnceBuilt.set(cadence);
        cadence.onTick(metrics::cadenceTick);
        registry.bind("bulletinService", bulletins);
        registry.bind(
                "bulletinApi",
                new BulletinApi(bulletins, bulletinStore, notices, zones, mapper, deliveryStore::counts));
        registry.bind(
                "editionPreviewApi",
                new org.devzone.bulletin.delivery.EditionPreviewApi(
                        bulletins, notices, templates, receipts, mapper, settings.officeName()));
        registry.bind("cadence", cadence);
        registry.bind(
                "mailIntake",
                new MailIntake(
                        notices,
                        config.staff(),
                        mapper,
                        mailSender::send,
                        mailSender.getSession(),
                        settings.mailFrom(),
                        settings.officeName(),
                        context.getPropertiesComponent()
                                .resolveProperty("dispatcher.intake.rejected-folder")
                                .orElse("rejected"),
                        slot -> nextSending(scheduleRuntime, slot)));
        registry.bind("replyIntake", new ReplyIntake(feedback, deliveryStore, bulletinStore, clock));
        registry.bind("feedbackApi", new FeedbackApi(feedback, zones, mapper, clock));
        // tokens.yaml as it is now: a token removed stops working within seconds (the tokens-reload route).
        var tokens = new org.devzone.bulletin.access.LiveTokens(
                config.directory().resolve("tokens.yaml"), zones, config.tokens());
        registry.bind("tokens", tokens);
        var access = new org.devzone.bulletin.access.Access(tokens, badTokens);
        registry.bind("access", access);
        var unmatched = new org.devzone.bulletin.access.UnmatchedRequests(
                access,
                badTokens,
                problems,
                mapper,
                Long.parseLong(context.resolvePropertyPlaceholders("{{camel.server.maxBodySize}}")));
        registry.bind(
                "statusPage",
                new StatusPage(
                        new StatusReport(
                                scheduleRuntime::planner,
                                bulletinStore,
                                deliveryStore,
                                store,
                                receiptStore,
                                zones,
                                List.of(databaseHealth, brokerHealth, smtpHealth, calendarHealth, scheduleHealth),
                                setup.stream()
                                        .map(org.devzone.bulletin.platform.SetupWarning::chinese)
                                        .toList(),
                                clock,
                                CALENDAR_LOOKAHEAD_DAYS),
                        tokens,
                        new org.devzone.bulletin.access.Sessions(
                                database.dataSource(), tokens, clock, java.time.Duration.ofHours(12)),
                        badTokens,
                        settings.officeName(),
                        publicUrl.startsWith("https:")));
        if (config.tokens().developmentTokenInUse()) {
            LOG.warn(
                    "The development token '{}' from the README is configured in tokens.yaml: anyone who read the README can"
                            + " act as admin. Mint real tokens (token --role admin|staff) and remove it.",
                    org.devzone.bulletin.access.ApiTokens.DEVELOPMENT_TOKEN);
        }
        registry.bind(
                "receiptReminders",
                new ReceiptReminders(
                        receiptStore,
                        bulletins,
                        () -> scheduleRuntime.planner().calendar(),
                        clock,
                        schedule.timeZone(),
                        settings.remindWorkingDaysBefore(),
                        remindAt(settings.remindAt())));
        // The Quartz trigger runs in the schedule's time zone, which schedule.yaml owns.
        context.getPropertiesComponent()
                .addOverrideProperty(
                        "dispatcher.schedule.time-zone", schedule.timeZone().getId());

        setup.forEach(w -> LOG.warn("{}", w.english()));
        LocalDate today = LocalDate.now(clock.withZone(schedule.timeZone()));
        config.calendar()
                .firstUncoveredYear(today, today.plusDays(CALENDAR_LOOKAHEAD_DAYS))
                .ifPresent(year -> LOG.warn(
                        "{}. Bulletins from {}-01-01 are provisional until then.",
                        WorkingCalendar.missingYear(year),
                        year));
        String startLine =
                "bulletin-dispatcher started: data in " + settings.dataDir().toAbsolutePath()
                        + ", database " + database.description() + ", broker " + brokerDescription
                        + ", HTTP on http://" + settings.httpHost() + ":" + settings.httpPort() + "/api/notices"
                        + ", " + zones.zones().size() + " zones from "
                        + config.directory().toAbsolutePath();
        context.addStartupListener((ExtendedStartupListener) new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {}

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
                unmatched.install(ctx, settings.httpPort());
                if (management) {
                    new org.devzone.bulletin.platform.HealthEndpoint(mapper)
                            .install(
                                    ctx,
                                    managementPort,
                                    properties
                                            .resolveProperty("camel.management.healthPath")
                                            .orElse("/observe/health")
                                            .strip());
                }
                LOG.info(startLine);
                deliverySweep.recover();
                if (settings.cadenceEnabled()) {
                    cadence.start();
                } else {
                    // Off means off: no scheduled firing and no catch-up; what a crash left assembled still goes out.
                    bulletins.publishPending();
                    LOG.warn(
                            "The cadence is off (dispatcher.cadence.enabled=false): no slot fires on schedule or catches"
                                    + " up; fire them by hand");
                }
            }
        });
    }

    /** @throws org.devzone.bulletin.config.ConfigException when something else listens on the address already */
    private static void portFree(String prefix, String host, int port) {
        if (port == 0) {
            return; // any free port
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.io.IOException e) {
            throw org.devzone.bulletin.config.ConfigException.of(prefix + ".port: cannot listen on " + host + ":" + port
                    + " (" + e.getMessage() + "): another program uses it; stop it or set " + prefix + ".port ("
                    + prefix.toUpperCase(java.util.Locale.ROOT).replace('.', '_') + "_PORT)");
        }
    }

    /** When a slot next goes out after now, as staff read it: {@code 2026-11-24（周二）10:00}. */
    private java.util.Optional<String> nextSending(ScheduleRuntime runtime, String slotId) {
        var planner = runtime.planner();
        java.time.ZoneId zone = planner.schedule().timeZone();
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(clock.withZone(zone));
        return planner.between(now.toLocalDate(), now.toLocalDate().plusWeeks(6)).stream()
                .filter(o -> o.slot().id().equals(slotId) && o.at(zone).isAfter(now))
                .findFirst()
                .map(o -> o.date() + "（"
                        + o.date()
                                .getDayOfWeek()
                                .getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.CHINA)
                        + "）" + o.time());
    }

    private static java.time.LocalTime remindAt(String text) {
        try {
            return java.time.LocalTime.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw org.devzone.bulletin.config.ConfigException.of(
                    "dispatcher.receipts.remind-at: '" + text + "' is not a time of day such as 09:00");
        }
    }

    /** Puts a given-up delivery on the dead-letter queue with the reason, for operators and re-drive. */
    private static java.util.function.BiConsumer<String, String> deadLetters(
            CamelContext context, ProducerTemplate producer) {
        String queue = "activemq6:queue:" + context.resolvePropertyPlaceholders("{{dispatcher.queues.deliveries-dead}}")
                + "?exchangePattern=InOnly";
        return (payload, reason) -> producer.sendBodyAndHeader(queue, payload, "deadReason", reason);
    }

    /** The broker's connection factory: credentials, priorities and the redelivery policies of every queue. */
    private static ActiveMQConnectionFactory brokerConnections(
            Settings settings, String brokerUrl, CamelContext context) {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl);
        if (!settings.brokerUser().isEmpty()) {
            factory.setUserName(settings.brokerUser());
            factory.setPassword(settings.brokerPassword());
        }
        // A message that fails (database down, say) is retried by the broker with growing pauses, without holding up
        // the messages behind it, and only then goes to the dead-letter queue.
        RedeliveryPolicy redelivery = factory.getRedeliveryPolicy();
        redelivery.setMaximumRedeliveries(settings.redeliveries());
        redelivery.setInitialRedeliveryDelay(settings.redeliveryDelayMillis());
        redelivery.setRedeliveryDelay(settings.redeliveryDelayMillis());
        redelivery.setUseExponentialBackOff(true);
        redelivery.setBackOffMultiplier(2);
        redelivery.setMaximumRedeliveryDelay(settings.maxRedeliveryDelayMillis());
        factory.setNonBlockingRedelivery(true);
        // An urgent bulletin's deliveries carry a higher JMS priority: the broker hands them out first, and a consumer
        // takes them before the messages it already holds (the default prefetch).
        factory.setMessagePrioritySupported(true);
        // Deliveries back off longer, with jitter so retries to one server do not arrive in step; the ledger decides
        // when to give up (dispatcher.delivery.max-attempts), the broker's limit is only a backstop.
        RedeliveryPolicy deliveries = new RedeliveryPolicy();
        deliveries.setDestination(new org.apache.activemq.command.ActiveMQQueue(
                context.resolvePropertyPlaceholders("{{dispatcher.queues.deliveries}}")));
        deliveries.setInitialRedeliveryDelay(settings.deliveryRetryDelayMillis());
        deliveries.setRedeliveryDelay(settings.deliveryRetryDelayMillis());
        deliveries.setUseExponentialBackOff(true);
        deliveries.setBackOffMultiplier(2);
        deliveries.setMaximumRedeliveryDelay(settings.deliveryMaxRetryDelayMillis());
        deliveries.setUseCollisionAvoidance(true);
        deliveries.setCollisionAvoidancePercent((short) 20);
        deliveries.setMaximumRedeliveries(settings.deliveryMaxAttempts() + 2);
        factory.getRedeliveryPolicyMap().put(deliveries.getDestination(), deliveries);
        return factory;
    }

    /**
     * The routes' JMS: each consumer route (a listener container) keeps one connection of its own with its sessions and
     * consumers, and {@code transacted} routes use the session's own local transaction, committed when the route
     * succeeds and rolled back when it fails; what a route sends to a queue while it consumes (an invalid notice, a dead
     * letter) goes in that same transaction. No transaction manager: it would take a connection and a session for every
     * message, and pooled connections shared between listener containers were closed under them at start (one
     * container's exception listener replaced the other's).
     */
    private static ActiveMQComponent jmsComponent(ActiveMQConnectionFactory factory) {
        ActiveMQComponent component = new ActiveMQComponent();
        component.setConnectionFactory(factory);
        component.setUsePooledConnection(false);
        component.setLazyCreateTransactionManager(false);
        return component;
    }

    /** Closes a resource when Camel stops, after the routes. */
    private static final class Closing extends ServiceSupport {
        private final AutoCloseable resource;

        Closing(AutoCloseable resource) {
            this.resource = resource;
        }

        @Override
        protected void doStop() throws Exception {
            resource.close();
        }
    }
}
