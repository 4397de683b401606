package org.devzone.bulletin.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's PostgreSQL (127.0.0.1:5432, database {@code test}), one fresh schema per use. A PostgreSQL that is not
 * there fails the tests with a message saying so; only {@code -Dtest.postgres.skip=true} turns them off.
 */
public final class Postgres implements AutoCloseable {

    public static final String URL = System.getProperty("test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = System.getProperty("test.postgres.user", "postgres");

    private final String schema;

    private Postgres(String schema) {
        this.schema = schema;
    }

    public static Postgres freshSchema() {
        Assumptions.assumeFalse(
                Boolean.getBoolean("test.postgres.skip"), "PostgreSQL tests skipped (-Dtest.postgres.skip=true)");
        String schema = "bd_test_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(URL, USER, null)) {
            c.isValid(2);
        } catch (SQLException e) {
            throw new AssertionError(
                    "PostgreSQL is not reachable at " + URL + " as " + USER + " (" + e.getMessage()
                            + "). Start it, or run with -Dtest.postgres.skip=true on a machine without one.",
                    e);
        }
        return new Postgres(schema);
    }

    public String schema() {
        return schema;
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(URL, USER, null);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new AssertionError("could not drop test schema " + schema, e);
        }
    }
}
