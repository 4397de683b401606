package org.devzone.bulletin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.devzone.bulletin.bulletin.BulletinApi;
import org.devzone.bulletin.bulletin.BulletinService;
import org.devzone.bulletin.bulletin.BulletinStore;
import org.devzone.bulletin.bulletin.Cadence;
import org.devzone.bulletin.bulletin.CadenceCheckpoint;
import org.devzone.bulletin.bulletin.GeneratedSections;
import org.devzone.bulletin.bulletin.Publication;
import org.devzone.bulletin.bulletin.ReceiptReminders;
import org.devzone.bulletin.cadence.CadenceHealthChecks;
import org.devzone.bulletin.cadence.Occurrence;
import org.devzone.bulletin.cadence.Planner;
import org.devzone.bulletin.cadence.Schedule;
import org.devzone.bulletin.cadence.ScheduleApi;
import org.devzone.bulletin.cadence.ScheduleRuntime;
import org.devzone.bulletin.calendar.WorkingCalendar;
import org.devzone.bulletin.config.ConfigException;
import org.devzone.bulletin.delivery.DeliveryStore;
import org.devzone.bulletin.delivery.EditionPreview;
import org.devzone.bulletin.delivery.EditionPreviewApi;
import org.devzone.bulletin.delivery.EditionTemplates;
import org.devzone.bulletin.delivery.Fanout;
import org.devzone.bulletin.delivery.PooledMailSender;
import org.devzone.bulletin.delivery.Redrive;
import org.devzone.bulletin.desk.DeskSources;
import org.devzone.bulletin.feedback.FeedbackApi;
import org.devzone.bulletin.feedback.FeedbackStore;
import org.devzone.bulletin.feedback.ReplyIntake;
import org.devzone.bulletin.notice.MailIntake;
import org.devzone.bulletin.notice.NoticeService;
import org.devzone.bulletin.notice.NoticeStore;
import org.devzone.bulletin.notice.QueuedNotices;
import org.devzone.bulletin.platform.ApiDocument;
import org.devzone.bulletin.platform.Database;
import org.devzone.bulletin.platform.FailureLimiter;
import org.devzone.bulletin.platform.HealthEndpoint;
import org.devzone.bulletin.platform.Metrics;
import org.devzone.bulletin.platform.Nodes;
import org.devzone.bulletin.platform.Problems;
import org.devzone.bulletin.platform.SetupWarning;
import org.devzone.bulletin.receipt.ReceiptApi;
import org.devzone.bulletin.receipt.ReceiptService;
import org.devzone.bulletin.receipt.ReceiptStore;
import org.devzone.bulletin.report.StaffReports;
import org.devzone.bulletin.status.StatusPage;
import org.devzone.bulletin.status.StatusReport;
import org.devzone.bulletin.zone.ZoneDirectory;
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

        PlatformConfiguration.Platform platform = PlatformConfiguration.configure(context, settings);
        Database database = platform.database();
        Nodes nodes = platform.nodes();
        Metrics metrics = platform.metrics();
        var properties = context.getPropertiesComponent();
        boolean management = platform.management();
        int managementPort = platform.managementPort();

        ScheduleRuntime scheduleRuntime =
                new ScheduleRuntime(config.directory(), new Planner(schedule, config.calendar()));
        // A new urgent notice wakes the urgent sweep at once, off the caller's thread (the timer is the safety net).
        UrgentWake wakeUrgent = new UrgentWake(
                context,
                context.getExecutorServiceManager().newSingleThreadExecutor(this, "urgent-now"),
                settings.cadence().urgentAtOnce());
        NoticeStore store = new NoticeStore(database.dataSource(), mapper, schedule.timeZone());
        NoticeService notices =
                NoticeWiring.configure(registry, config, store, scheduleRuntime, metrics, wakeUrgent, clock, mapper);
        registry.bind("clock", clock);
        registry.bind("apiDocument", new ApiDocument(mapper));
        registry.bind("objectMapper", mapper);
        registry.bind("dataSource", database.dataSource());
        registry.bind("zoneDirectory", zones);
        registry.bind("schedule", schedule);
        Problems problems = new Problems(mapper);
        registry.bind("problems", problems);
        registry.bind("scheduleRuntime", scheduleRuntime);
        var scheduleHealth = new CadenceHealthChecks.ScheduleCheck(scheduleRuntime);
        var calendarHealth = new CadenceHealthChecks.CalendarCheck(scheduleRuntime, clock, CALENDAR_LOOKAHEAD_DAYS);
        registry.bind("scheduleHealth", scheduleHealth);
        registry.bind("calendarHealth", calendarHealth);
        registry.bind("scheduleApi", new ScheduleApi(scheduleRuntime, clock, mapper, settings.officeName()));
        BulletinStore bulletinStore = new BulletinStore(database.dataSource(), schedule.timeZone(), nodes.id());
        var checkpoint = new CadenceCheckpoint(database.dataSource(), schedule.timeZone());
        DeliveryWiring.Parts delivery = DeliveryWiring.prepare(context, settings, config, platform, clock, mapper);
        DeliveryStore deliveryStore = delivery.deliveryStore();
        PooledMailSender mailSender = delivery.mailSender();
        EditionTemplates templates = delivery.templates();
        Fanout fanout = delivery.fanout();
        var setup = delivery.setup();
        ReceiptWiring.Parts receiptParts = ReceiptWiring.configure(settings, config, database, clock);
        ReceiptStore receiptStore = receiptParts.store();
        ReceiptService receipts = receiptParts.receipts();
        String publicUrl = receiptParts.publicUrl();
        FailureLimiter badTokens = new FailureLimiter(
                settings.security().badTokenLimit(),
                Duration.ofMillis(settings.security().badTokenWindowMillis()),
                settings.security().trustForwardedFor(),
                System::currentTimeMillis);
        registry.bind("failureLimiter", badTokens);
        registry.bind(
                "receiptApi",
                new ReceiptApi(
                        receiptParts.receipts(),
                        receiptParts.store(),
                        notices,
                        zones,
                        mapper,
                        clock,
                        schedule.timeZone(),
                        badTokens));
        FeedbackStore feedback = new FeedbackStore(database.dataSource(), schedule.timeZone());
        StaffReports staffReports = new StaffReports(
                database.dataSource(),
                receiptStore,
                feedback,
                zones,
                config.staff(),
                notices::find,
                scheduleRuntime::schedule,
                settings.reports().feedbackDigestSlot(),
                new StaffReports.Mail(
                        mailSender::send,
                        mailSender.getSession(),
                        settings.mail().from(),
                        settings.officeName()),
                clock,
                schedule.timeZone());
        registry.bind("staffReports", staffReports);
        BulletinService bulletins = new BulletinService(
                bulletinStore,
                new QueuedNotices(database.dataSource()),
                new GeneratedSections(database.dataSource(), schedule.timeZone(), mapper),
                scheduleRuntime::planner,
                zones,
                mapper,
                clock,
                // A published bulletin: counted, its deliveries planned and queued, its staff reports noted.
                List.<Publication>of(
                        bulletin -> metrics.bulletinFired(
                                bulletin.slot(), bulletin.kind().name().toLowerCase(Locale.ROOT)),
                        fanout,
                        staffReports));
        bulletins.processes(nodes);
        var deliverySweep = DeliveryWiring.bindRoutes(
                context,
                settings,
                config,
                platform,
                delivery,
                bulletinStore,
                store,
                scheduleRuntime,
                receipts,
                clock,
                mapper);
        Cadence cadence = new Cadence(scheduleRuntime, bulletins, bulletinStore, checkpoint, clock);
        wakeUrgent.sweeps(cadence);
        cadence.onTick(metrics::cadenceTick);
        registry.bind("bulletinService", bulletins);
        registry.bind(
                "bulletinApi",
                new BulletinApi(bulletins, bulletinStore, notices, zones, mapper, deliveryStore::counts));
        var editionPreview = new EditionPreview(bulletins, notices, templates, receipts, mapper, settings.officeName());
        registry.bind("editionPreviewApi", new EditionPreviewApi(editionPreview));
        registry.bind("cadence", cadence);
        registry.bind(
                "mailIntake",
                new MailIntake(
                        notices,
                        config.staff(),
                        mapper,
                        mailSender::send,
                        mailSender.getSession(),
                        settings.mail().from(),
                        settings.officeName(),
                        context.getPropertiesComponent()
                                .resolveProperty("dispatcher.intake.rejected-folder")
                                .orElse("rejected"),
                        slot -> scheduleRuntime
                                .planner()
                                .next(slot, ZonedDateTime.now(clock))
                                .map(Occurrence::whenInChinese)));
        registry.bind("replyIntake", new ReplyIntake(feedback, deliveryStore, bulletinStore, clock));
        registry.bind("feedbackApi", new FeedbackApi(feedback, zones, mapper, clock));
        AccessWiring.Parts accessParts = AccessWiring.configure(context, config, badTokens, problems, mapper);
        var tokens = accessParts.tokens();
        var unmatched = accessParts.unmatched();
        var pages = DeskWiring.configure(
                registry,
                settings,
                config,
                database,
                tokens,
                badTokens,
                publicUrl,
                notices,
                receipts,
                new DeskSources(
                        zones,
                        scheduleRuntime::planner,
                        templates,
                        bulletinStore,
                        bulletins,
                        receiptStore,
                        deliveryStore,
                        new Redrive(deliveryStore, delivery.enqueue(), clock),
                        editionPreview,
                        feedback),
                delivery,
                mapper,
                clock);
        registry.bind(
                "statusPage",
                new StatusPage(
                        new StatusReport(
                                scheduleRuntime::planner,
                                bulletinStore,
                                checkpoint,
                                deliveryStore,
                                store,
                                receiptStore,
                                zones,
                                List.of(
                                        platform.databaseHealth(),
                                        platform.brokerHealth(),
                                        platform.smtpHealth(),
                                        calendarHealth,
                                        scheduleHealth),
                                setup.stream().map(SetupWarning::chinese).toList(),
                                clock,
                                CALENDAR_LOOKAHEAD_DAYS),
                        tokens,
                        pages.sessions(),
                        badTokens,
                        pages.pageAccess(),
                        settings.officeName(),
                        publicUrl.startsWith("https:")));
        registry.bind(
                "receiptReminders",
                new ReceiptReminders(
                        receiptStore,
                        bulletins,
                        () -> scheduleRuntime.planner().calendar(),
                        clock,
                        schedule.timeZone(),
                        settings.receipts().remindWorkingDaysBefore(),
                        remindAt(settings.receipts().remindAt())));
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
                        + ", database " + database.description() + ", broker " + platform.brokerDescription()
                        + ", HTTP on http://" + settings.http().host() + ":"
                        + settings.http().port() + "/api/notices"
                        + ", " + zones.zones().size() + " zones from "
                        + config.directory().toAbsolutePath();
        context.addStartupListener(new DispatcherStartup(
                startLine,
                unmatched,
                settings.http().port(),
                management
                        ? new DispatcherStartup.Management(
                                new HealthEndpoint(mapper),
                                managementPort,
                                properties
                                        .resolveProperty("camel.management.healthPath")
                                        .orElse("/observe/health")
                                        .strip())
                        : null,
                deliverySweep,
                settings.cadence().enabled() ? cadence : null,
                bulletins));
    }

    private static LocalTime remindAt(String text) {
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw ConfigException.of(
                    "dispatcher.receipts.remind-at: '" + text + "' is not a time of day such as 09:00");
        }
    }
}
