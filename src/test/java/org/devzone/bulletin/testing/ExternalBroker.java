package org.devzone.bulletin.testing;

import java.util.HashMap;
import java.util.Map;
import org.apache.activemq.broker.BrokerService;

/**
 * A broker outside the dispatcher, in this JVM, listening on a loopback port as an office's broker would (in memory:
 * these tests only need it to answer), and the settings of a node that shares it and a PostgreSQL schema with others.
 */
public final class ExternalBroker {

    private ExternalBroker() {}

    public static BrokerService start(int port) throws Exception {
        BrokerService broker = new BrokerService();
        broker.setBrokerName("external-" + port);
        broker.setPersistent(false);
        broker.setUseJmx(false);
        broker.setUseShutdownHook(false);
        broker.setAdvisorySupport(false);
        broker.setSchedulerSupport(true);
        broker.addConnector("tcp://127.0.0.1:" + port + "?transport.reuseAddress=true");
        broker.start();
        broker.waitUntilStarted();
        return broker;
    }

    /** A node on the schema and the broker that other nodes share, firing only by hand (the tests tick it). */
    public static Map<String, String> nodeSettings(Postgres postgres, int brokerPort) {
        return new HashMap<>(Map.of(
                "dispatcher.db.url",
                Postgres.URL,
                "dispatcher.db.user",
                Postgres.USER,
                "dispatcher.db.schema",
                postgres.schema(),
                "dispatcher.broker.url",
                "tcp://127.0.0.1:" + brokerPort,
                "dispatcher.receipts.secret",
                "one-secret-for-every-node",
                "dispatcher.cadence.enabled",
                "false",
                "dispatcher.cadence.urgent-sweep-ms",
                "3600000",
                "dispatcher.cadence.urgent-at-once",
                "false"));
    }
}
