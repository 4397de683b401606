package org.devzone.bulletin;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Locale;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
import org.apache.activemq.command.ActiveMQQueue;
import org.apache.camel.CamelContext;
import org.apache.camel.component.activemq6.ActiveMQComponent;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.spi.Registry;
import org.devzone.bulletin.config.ConfigException;
import org.devzone.bulletin.platform.Database;
import org.devzone.bulletin.platform.EmbeddedBroker;
import org.devzone.bulletin.platform.InfrastructureHealthChecks;
import org.devzone.bulletin.platform.Metrics;
import org.devzone.bulletin.platform.Nodes;
import org.devzone.bulletin.platform.QueueConsumersCheck;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;

/**
 * The parts every feature stands on: the database, this process among the nodes, the metrics, the broker and the JMS
 * component, and the health checks of each. Embedded parts (H2, the broker) start before the routes and stop after
 * them.
 */
final class PlatformConfiguration {

    private PlatformConfiguration() {}

    /** What the features get from the platform. */
    record Platform(
            Database database,
            Nodes nodes,
            Metrics metrics,
            JmsPoolConnectionFactory producerConnections,
            String brokerDescription,
            InfrastructureHealthChecks.DatabaseCheck databaseHealth,
            InfrastructureHealthChecks.BrokerCheck brokerHealth,
            InfrastructureHealthChecks.MailServerCheck smtpHealth,
            boolean management,
            int managementPort) {}

    /** Opens the database, joins the nodes, starts or reaches the broker, and binds the health checks. */
    static Platform configure(CamelContext context, Settings settings) throws Exception {
        Registry registry = context.getRegistry();
        if (settings.cluster().enabled()
                && (settings.database().embedded() || settings.broker().embedded())) {
            throw ConfigException.of("dispatcher.cluster.enabled=true: several nodes share one"
                    + " PostgreSQL database and one ActiveMQ broker; set dispatcher.db.url (jdbc:postgresql://...) and"
                    + " dispatcher.broker.url (tcp://... or failover:(...)) as well"
                    + (settings.database().embedded() ? " (the database is the embedded H2 one)" : "")
                    + (settings.broker().embedded() ? " (the broker is the embedded one)" : ""));
        }
        if (settings.cluster().enabled() && settings.receipts().secret().isBlank()) {
            throw ConfigException.of("dispatcher.cluster.enabled=true: a receipt link made by one"
                    + " node must open on every node; set the same dispatcher.receipts.secret (DISPATCHER_RECEIPTS_SECRET)"
                    + " on all of them");
        }
        // A node that cannot listen must not run on without its API and health (it would still take deliveries).
        portFree("camel.server", settings.http().host(), settings.http().port());
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
                settings.database().url(),
                settings.database().user(),
                settings.database().password(),
                settings.database().schema(),
                settings.database().poolSize(),
                settings.dataDir());
        context.addService(new Closing(database), true, true);
        // This process among those sharing the database: work it claims is taken back only once it stops answering.
        Nodes nodes = new Nodes(
                database.dataSource(),
                Duration.ofMillis(settings.cluster().nodeDeadAfterMillis()),
                settings.database().ofThisProcessOnly(),
                System::nanoTime);
        nodes.heartbeat();
        registry.bind("nodes", nodes);

        // Camel's MicrometerPrometheus serves its registry at /observe/metrics on the management port; ours join it.
        MeterRegistry meterRegistry = registry.lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        if (meterRegistry == null) {
            meterRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind("metricsRegistry", meterRegistry);
        }
        Metrics metrics = new Metrics(meterRegistry);
        String brokerDescription;
        String brokerUrl;
        if (settings.broker().embedded()) {
            EmbeddedBroker broker = new EmbeddedBroker(
                    settings.dataDir().resolve("amq"), settings.broker().listen());
            for (String queue : new String[] {
                "dispatcher.queues.deliveries",
                "dispatcher.queues.chat-deliveries",
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
            brokerUrl = settings.broker().url();
            brokerDescription = "ActiveMQ at " + brokerUrl.replaceAll("(?i)password=[^&)]*", "password=***");
        }
        if (settings.cluster().enabled()) {
            ClusteredQuartz.configure(context, database, settings.cluster().checkinMillis());
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
        var smtpHealth = new InfrastructureHealthChecks.MailServerCheck(
                settings.mail().host(), settings.mail().port());
        registry.bind("databaseHealth", databaseHealth);
        registry.bind("brokerHealth", brokerHealth);
        registry.bind("smtpHealth", smtpHealth);
        // Readiness also needs the queues' consumers running; a route whose consumers stay down is restarted.
        registry.bind(
                "queueConsumersHealth",
                new QueueConsumersCheck(
                        Duration.ofMillis(Long.parseLong(context.resolvePropertyPlaceholders(
                                "{{dispatcher.broker.consumers-restart-after-ms:60000}}"))),
                        () -> brokerHealth.call().getState() == HealthCheck.State.UP,
                        System::nanoTime));

        return new Platform(
                database,
                nodes,
                metrics,
                producerConnections,
                brokerDescription,
                databaseHealth,
                brokerHealth,
                smtpHealth,
                management,
                managementPort);
    }

    /** @throws org.devzone.bulletin.config.ConfigException when something else listens on the address already */
    private static void portFree(String prefix, String host, int port) {
        if (port == 0) {
            return; // any free port
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw ConfigException.of(prefix + ".port: cannot listen on " + host + ":" + port
                    + " (" + e.getMessage() + "): another program uses it; stop it or set " + prefix + ".port ("
                    + prefix.toUpperCase(Locale.ROOT).replace('.', '_') + "_PORT)");
        }
    }

    /** The broker's connection factory: credentials, priorities and the redelivery policies of every queue. */
    private static ActiveMQConnectionFactory brokerConnections(
            Settings settings, String brokerUrl, CamelContext context) {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl);
        if (!settings.broker().user().isEmpty()) {
            factory.setUserName(settings.broker().user());
            factory.setPassword(settings.broker().password());
        }
        // A message that fails (database down, say) is retried by the broker with growing pauses, without holding up
        // the messages behind it, and only then goes to the dead-letter queue.
        RedeliveryPolicy redelivery = factory.getRedeliveryPolicy();
        redelivery.setMaximumRedeliveries(settings.broker().redeliveries());
        redelivery.setInitialRedeliveryDelay(settings.broker().redeliveryDelayMillis());
        redelivery.setRedeliveryDelay(settings.broker().redeliveryDelayMillis());
        redelivery.setUseExponentialBackOff(true);
        redelivery.setBackOffMultiplier(2);
        redelivery.setMaximumRedeliveryDelay(settings.broker().maxRedeliveryDelayMillis());
        factory.setNonBlockingRedelivery(true);
        // An urgent bulletin's deliveries carry a higher JMS priority: the broker hands them out first, and a consumer
        // takes them before the messages it already holds (the default prefetch).
        factory.setMessagePrioritySupported(true);
        // Deliveries back off longer, with jitter so retries to one server do not arrive in step; the ledger decides
        // when to give up (dispatcher.delivery.max-attempts), the broker's limit is only a backstop.
        for (String queue : new String[] {"dispatcher.queues.deliveries", "dispatcher.queues.chat-deliveries"}) {
            RedeliveryPolicy deliveries = deliveryRedelivery(settings);
            deliveries.setDestination(new ActiveMQQueue(context.resolvePropertyPlaceholders("{{" + queue + "}}")));
            factory.getRedeliveryPolicyMap().put(deliveries.getDestination(), deliveries);
        }
        return factory;
    }

    private static RedeliveryPolicy deliveryRedelivery(Settings settings) {
        RedeliveryPolicy deliveries = new RedeliveryPolicy();
        deliveries.setInitialRedeliveryDelay(settings.delivery().retryDelayMillis());
        deliveries.setRedeliveryDelay(settings.delivery().retryDelayMillis());
        deliveries.setUseExponentialBackOff(true);
        deliveries.setBackOffMultiplier(2);
        deliveries.setMaximumRedeliveryDelay(settings.delivery().maxRetryDelayMillis());
        deliveries.setUseCollisionAvoidance(true);
        deliveries.setCollisionAvoidancePercent((short) 20);
        deliveries.setMaximumRedeliveries(settings.delivery().maxAttempts() + 2);
        return deliveries;
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
}
