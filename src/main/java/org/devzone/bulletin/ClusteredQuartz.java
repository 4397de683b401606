package org.devzone.bulletin;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.devzone.bulletin.platform.Database;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz's clustered JDBC job store on the dispatcher's own database (the QRTZ_ tables of migration V8, through a pool
 * of Quartz's own), for several
 * nodes: the cadence's trigger is stored once, and each firing runs on one node, whichever acquires it first; a node
 * that stops leaves the trigger to the others. Every node must use the same scheduler name, which this fixes.
 */
final class ClusteredQuartz {

    static final String SCHEDULER = "bulletin-dispatcher";
    private static final String DATA_SOURCE = "bulletin";

    private ClusteredQuartz() {}

    /** Quartz's worker threads; its pool has a few connections more, as Quartz advises (check-in, misfires). */
    private static final int THREADS = 2;

    static void configure(CamelContext context, Database database, int checkinMillis) {
        HikariDataSource pool = database.separatePool("bulletin-quartz", THREADS + 3);
        DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return pool.getConnection();
            }

            @Override
            public void shutdown() {
                pool.close(); // Quartz is done with it
            }

            @Override
            public void initialize() {
                // the pool is already open
            }
        });
        Properties quartz = new Properties();
        quartz.setProperty("org.quartz.scheduler.instanceName", SCHEDULER);
        quartz.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        quartz.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        quartz.setProperty("org.quartz.threadPool.threadCount", String.valueOf(THREADS));
        quartz.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        quartz.setProperty(
                "org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        quartz.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
        quartz.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        quartz.setProperty("org.quartz.jobStore.isClustered", "true");
        quartz.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(checkinMillis));
        // A tick that could not run on time (every node down) is not replayed: the cadence catches up by itself.
        quartz.setProperty("org.quartz.jobStore.misfireThreshold", "30000");
        QuartzComponent component = context.getComponent("quartz", QuartzComponent.class);
        component.setProperties(quartz);
        component.setPrefixInstanceName(false);
    }
}
