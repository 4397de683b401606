package org.devzone.bulletin.delivery;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.devzone.bulletin.platform.RowIds;

/** The delivery table row by row: inserting what a fan-out plans, and reading a row back in office time. */
final class DeliveryRows {

    private DeliveryRows() {}

    private static final String INSERT = "INSERT INTO delivery (id, bulletin_id, edition_id, zone_id, channel, address,"
            + " status, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)";

    static boolean hasDeliveries(Connection c, String bulletinId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM delivery WHERE bulletin_id = ? LIMIT 1")) {
            select.setString(1, bulletinId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Inserts every delivery in one batch; null when one of them exists already (nothing is kept then). */
    static List<String> insertAll(Connection c, List<DeliveryStore.Planned> planned, OffsetDateTime now)
            throws SQLException {
        List<String> ids = new ArrayList<>(planned.size());
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (DeliveryStore.Planned p : planned) {
                String id = RowIds.next();
                bind(insert, id, p, now);
                insert.addBatch();
                ids.add(id);
            }
            insert.executeBatch();
            return ids;
        } catch (BatchUpdateException e) {
            if (e.getSQLState() == null || e.getSQLState().startsWith("23")) { // an integrity constraint
                return null; // recorded meanwhile by another node: the careful way below
            }
            throw e;
        }
    }

    static List<String> insertMissing(Connection c, List<DeliveryStore.Planned> planned, OffsetDateTime now)
            throws SQLException {
        List<String> ids = new ArrayList<>(planned.size());
        try (PreparedStatement exists = c.prepareStatement(
                        "SELECT id FROM delivery WHERE edition_id = ? AND channel = ? AND address = ?");
                PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (DeliveryStore.Planned p : planned) {
                exists.setString(1, p.editionId());
                exists.setString(2, p.channel());
                exists.setString(3, p.address());
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        ids.add(rs.getString(1));
                        continue;
                    }
                }
                String id = RowIds.next();
                bind(insert, id, p, now);
                insert.executeUpdate();
                ids.add(id);
            }
        }
        return ids;
    }

    static void bind(PreparedStatement insert, String id, DeliveryStore.Planned p, OffsetDateTime now)
            throws SQLException {
        insert.setString(1, id);
        insert.setString(2, p.bulletinId());
        insert.setString(3, p.editionId());
        insert.setString(4, p.zoneId());
        insert.setString(5, p.channel());
        insert.setString(6, p.address());
        insert.setObject(7, now);
        insert.setObject(8, now);
    }

    static Delivery read(ResultSet rs, ZoneId officeZone) throws SQLException {
        return new Delivery(
                rs.getString("id"),
                rs.getString("bulletin_id"),
                rs.getString("edition_id"),
                rs.getString("zone_id"),
                rs.getString("channel"),
                rs.getString("address"),
                Delivery.Status.of(rs.getString("status")),
                rs.getInt("attempts"),
                rs.getInt("parts_sent"),
                rs.getString("last_error"),
                rs.getString("provider_message_id"),
                time(rs, "created_at", officeZone),
                time(rs, "updated_at", officeZone),
                time(rs, "sent_at", officeZone));
    }

    private static OffsetDateTime time(ResultSet rs, String column, ZoneId officeZone) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.atZoneSameInstant(officeZone).toOffsetDateTime();
    }
}
