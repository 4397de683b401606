package org.devzone.bulletin.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process among the dispatcher processes sharing the database. Each has a random id for its lifetime and says it
 * is alive every few seconds ({@code seen_at}, the database's clock, so the nodes' own clocks do not matter). Work a
 * process holds (a claimed delivery) is taken back only when the process is found dead: silent for longer than
 * {@code deadAfter}. A slow process keeps its work however long it takes.
 *
 * <p>A process judges others only after it has itself been alive without a gap for {@code deadAfter}: after a database
 * outage every process looks silent, and none may take the others' work before they had the chance to speak again. On
 * the embedded database only this process can have the database open, so every other process is dead from the start.
 */
public final class Nodes {

    private static final Logger LOG = LoggerFactory.getLogger(Nodes.class);

    private final DataSource dataSource;
    private final String id = UUID.randomUUID().toString();
    private final Duration deadAfter;
    private final boolean alone;
    private final LongSupplier nanos;
    private volatile long aliveSince;

    /**
     * @param alone whether no other process can be using the database (the embedded one)
     * @param nanos a monotonic clock ({@code System::nanoTime})
     */
    public Nodes(DataSource dataSource, Duration deadAfter, boolean alone, LongSupplier nanos) {
        this.dataSource = dataSource;
        this.deadAfter = deadAfter;
        this.alone = alone;
        this.nanos = nanos;
        this.aliveSince = nanos.getAsLong();
    }

    /** This process's id, recorded with the work it claims. */
    public String id() {
        return id;
    }

    /** Records this process as alive now (and registers it the first time, or again after it was taken for dead). */
    public void heartbeat() {
        try (Connection c = dataSource.getConnection()) {
            int updated;
            try (PreparedStatement update =
                    c.prepareStatement("UPDATE dispatcher_node SET seen_at = CURRENT_TIMESTAMP WHERE id = ?")) {
                update.setString(1, id);
                updated = update.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO dispatcher_node (id, host, started_at,"
                        + " seen_at) VALUES (?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")) {
                    insert.setString(1, id);
                    insert.setString(2, host());
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            // Silent now: others may take this process for dead, so it must not judge them until it has been heard
            // again.
            aliveSince = nanos.getAsLong();
            throw new StoreException("could not record this process as alive", e);
        }
    }

    /**
     * The other processes found dead: silent for longer than {@code deadAfter} by the database's clock. Empty while
     * this process has not itself been heard without a gap for that long (on the embedded database: every other).
     */
    public List<String> dead() {
        if (alone) {
            return Jdbc.strings(dataSource, "processes", "SELECT id FROM dispatcher_node WHERE id <> ?", id);
        }
        if (Duration.ofNanos(nanos.getAsLong() - aliveSince).compareTo(deadAfter) < 0) {
            return List.of();
        }
        OffsetDateTime cutoff = databaseNow().minus(deadAfter);
        return Jdbc.strings(
                dataSource, "processes", "SELECT id FROM dispatcher_node WHERE id <> ? AND seen_at < ?", id, cutoff);
    }

    /** Forgets a dead process once its work has been taken back. */
    public void forget(String deadId) {
        update("DELETE FROM dispatcher_node WHERE id = ?", deadId);
        LOG.info("Process {} stopped answering; the work it held was taken back", deadId);
    }

    /** On a clean stop: this process holds nothing any more. */
    public void leave() {
        try {
            update("DELETE FROM dispatcher_node WHERE id = ?", id);
        } catch (StoreException e) {
            LOG.warn("Could not record this process as stopped (others will find it silent): {}", e.toString());
        }
    }

    private OffsetDateTime databaseNow() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT CURRENT_TIMESTAMP");
                ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class);
        } catch (SQLException e) {
            throw new StoreException("could not read the database's time", e);
        }
    }

    private void update(String sql, Object... args) {
        Jdbc.update(dataSource, "the processes", sql, args);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
