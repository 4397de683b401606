package org.devzone.bulletin.testing;

import java.nio.file.Path;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;

/**
 * An ActiveMQ Classic broker in a JVM of its own, as an office runs one for several dispatcher nodes: persistent
 * (KahaDB), with scheduled delivery on. Started by the cluster tests with {@link BrokerProcess}; prints
 * {@code broker started} when it accepts connections and runs until it is killed.
 */
public final class StandaloneBroker {

    private StandaloneBroker() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path dataDir = Path.of(args[1]);
        BrokerService broker = new BrokerService();
        broker.setBrokerName("standalone");
        broker.setDataDirectoryFile(dataDir.toFile());
        broker.setUseJmx(false);
        broker.setAdvisorySupport(false);
        broker.setSchedulerSupport(true);
        broker.setSchedulerDirectoryFile(dataDir.resolve("scheduler").toFile());
        KahaDBPersistenceAdapter kahaDb = new KahaDBPersistenceAdapter();
        kahaDb.setDirectory(dataDir.resolve("kahadb").toFile());
        broker.setPersistenceAdapter(kahaDb);
        broker.addConnector("tcp://127.0.0.1:" + port + "?transport.reuseAddress=true");
        broker.start();
        broker.waitUntilStarted();
        System.out.println("broker started on " + port);
        System.out.flush();
        Thread.currentThread().join();
    }
}
