package org.devzone.bulletin.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool and the schema. By default an H2 file database under the data directory; a JDBC URL in the
 * configuration replaces it with PostgreSQL. The same Flyway migrations run on both.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final String description;

    private Database(HikariDataSource dataSource, String description) {
        this.dataSource = dataSource;
        this.description = description;
    }

    /**
     * @param url JDBC URL, or blank for the embedded H2 database in {@code dataDir/db}
     * @param schema schema to use and create (PostgreSQL), or blank for the default
     */
    public static Database open(String url, String user, String password, String schema, int poolSize, Path dataDir) {
        boolean embedded = url == null || url.isBlank();
        String jdbcUrl = embedded
                ? "jdbc:h2:file:" + dataDir.resolve("db").resolve("bulletin").toAbsolutePath()
                        + ";DB_CLOSE_ON_EXIT=FALSE"
                        // Every commit is written to the file before it returns (H2 otherwise keeps the last half
                        // second in memory, lost to kill -9): what was answered 202 or recorded sent is on disk.
                        + ";WRITE_DELAY=0"
                : url;
        HikariConfig config = new HikariConfig();
        config.setPoolName("bulletin-db");
        config.setJdbcUrl(jdbcUrl);
        if (user != null && !user.isBlank()) {
            config.setUsername(user);
        } else if (embedded) {
            config.setUsername("sa");
        }
        if (password != null && !password.isBlank()) {
            config.setPassword(password);
        }
        if (schema != null && !schema.isBlank()) {
            config.setSchema(schema);
        }
        config.setMaximumPoolSize(poolSize);
        // Fail a request in seconds with a clear 503 rather than hang when the database is down.
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        // Start even when the database is briefly unreachable; the migration below reports the real problem.
        config.setInitializationFailTimeout(-1);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
            if (schema != null && !schema.isBlank()) {
                flyway.schemas(schema);
            }
            MigrateResult result = flyway.load().migrate();
            LOG.info(
                    "Database schema at version {} ({} migration(s) applied now)",
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                    result.migrationsExecuted);
        } catch (FlywayException e) {
            dataSource.close();
            throw new IllegalStateException(
                    "cannot prepare the database " + redact(jdbcUrl) + ": " + e.getMessage(), e);
        }
        return new Database(dataSource, embedded ? "H2 " + dataDir.resolve("db").toAbsolutePath() : redact(jdbcUrl));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * A small pool of its own on the same database, for a library that holds row locks while it works (Quartz's job
     * store), so that it never waits behind the dispatcher's own traffic nor the dispatcher behind it. The caller closes it.
     */
    public HikariDataSource separatePool(String name, int size) {
        HikariConfig config = new HikariConfig();
        dataSource.copyStateTo(config);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }

    /** Where the data lives, for the start-up line; never contains a password. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** Drops anything password-like from a JDBC URL before it is logged. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password|pwd)=[^&;]*", "$1=***");
    }
}
