package org.devzone.bulletin.platform;

import java.nio.file.Path;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.region.policy.IndividualDeadLetterStrategy;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.apache.activemq.command.ActiveMQQueue;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The in-JVM ActiveMQ Classic broker used when no broker URL is configured. Messages persist in KahaDB under the data
 * directory, so nothing queued is lost across restarts. It is a Camel service: Camel stops it only after the routes
 * have shut down gracefully, so in-flight messages finish or stay on the broker.
 */
public final class EmbeddedBroker extends ServiceSupport {

    public static final String NAME = "bulletin";

    private static final String IN_JVM = "vm://" + NAME;

    private final Path directory;
    private final String listenUrl;
    private BrokerService broker;

    /**
     * @param listenUrl a transport connector such as {@code tcp://127.0.0.1:61616} for other systems, or blank for
     *     in-JVM clients only
     */
    public EmbeddedBroker(Path directory, String listenUrl) {
        this.directory = directory.toAbsolutePath();
        this.listenUrl = listenUrl == null ? "" : listenUrl.strip();
    }

    /** The URL in-JVM clients connect with. */
    public String clientUrl() {
        return IN_JVM + "?create=false";
    }

    /** Messages waiting on a queue of this broker (0 before it runs or for an unknown queue). */
    public long queueDepth(String queue) {
        BrokerService running = broker;
        if (running == null) {
            return 0;
        }
        try {
            var destination = running.getDestination(new ActiveMQQueue(queue));
            return destination == null
                    ? 0
                    : destination.getDestinationStatistics().getMessages().getCount();
        } catch (Exception e) {
            return 0;
        }
    }

    public String description() {
        return "embedded ActiveMQ (KahaDB " + directory
                + (listenUrl.isEmpty() ? ", in-JVM only" : ", listening on " + listenUrl) + ")";
    }

    @Override
    protected void doStart() throws Exception {
        BrokerService service = new BrokerService();
        service.setBrokerName(NAME);
        service.setDataDirectoryFile(directory.toFile());
        service.setPersistent(true);
        service.setUseJmx(false);
        // Camel decides when the broker stops: after the routes, never in parallel with them.
        service.setUseShutdownHook(false);
        service.setAdvisorySupport(false);
        KahaDBPersistenceAdapter kahaDb = new KahaDBPersistenceAdapter();
        kahaDb.setDirectory(directory.resolve("kahadb").toFile());
        service.setPersistenceAdapter(kahaDb);
        // Scheduled delivery (AMQ_SCHEDULED_DELAY): a paced chat message waits on the broker for its robot's slot.
        service.setSchedulerSupport(true);
        service.setSchedulerDirectoryFile(directory.resolve("scheduler").toFile());
        // A message that fails every redelivery goes to DLQ.<queue>, next to the queue it came from.
        IndividualDeadLetterStrategy deadLetters = new IndividualDeadLetterStrategy();
        deadLetters.setQueuePrefix("DLQ.");
        deadLetters.setUseQueueForQueueMessages(true);
        PolicyEntry policy = new PolicyEntry();
        policy.setDeadLetterStrategy(deadLetters);
        // Urgent bulletins' deliveries carry a higher JMS priority and overtake a fan-out waiting on the queue.
        policy.setPrioritizedMessages(true);
        PolicyMap policies = new PolicyMap();
        policies.setDefaultEntry(policy);
        service.setDestinationPolicy(policies);
        service.getSystemUsage().getStoreUsage().setLimit(4L * 1024 * 1024 * 1024);
        service.getSystemUsage().getTempUsage().setLimit(1024L * 1024 * 1024);
        // The in-JVM clients' connector belongs to the broker, for as long as it runs. Left to the vm:// transport, a
        // connector was made for the first client and disposed of with the last, and found again by the broker's name
        // alone: in the first seconds it was stopped and made again at every gap between short connections (the
        // health check, the producers' pool), and in about one start in seven under load the connector the listener
        // containers were on went with one of those stops; from then on every connection was closed within
        // milliseconds of being made ("peer (vm://bulletin#N) stopped", scheduled messages refused), until a restart.
        service.addConnector(IN_JVM);
        if (!listenUrl.isEmpty()) {
            service.addConnector(listenUrl);
        }
        service.start();
        service.waitUntilStarted();
        broker = service;
    }

    @Override
    protected void doStop() throws Exception {
        if (broker != null) {
            broker.stop();
            broker.waitUntilStopped();
            broker = null;
        }
    }
}
