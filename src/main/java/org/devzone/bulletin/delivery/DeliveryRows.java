package org.devzone.bulletin.delivery;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.devzone.bulletin.platform.RowIds;

/** The delivery table row by row: inserting what a fan-out plans, and reading a row back in office time. */
final class DeliveryRows {

    private DeliveryRows() {}

    private static final String INSERT = "INSERT INTO delivery (id, bulletin_id, edition_id, zone_id, channel, address,"
            + " batch_id, status, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)";

    private static final String INSERT_BATCH = "INSERT INTO delivery_batch (id, bulletin_id, status, created_at,"
            + " updated_at) VALUES (?, ?, 'waiting', ?, ?)";

    /**
     * Whether a delivery went out with its batch and the sweep has not written that into its row yet: it still waits
     * there, and its batch is sent (see {@link DeliveryBatches#markSent}).
     */
    private static final String SENT_BY_BATCH = "(b.status = 'sent' AND d.status IN ('pending', 'retrying'))";

    /**
     * A delivery as readers see it: one waiting in a batch that is being sent shows as {@code sending}, as one claimed
     * on its own does; one waiting in a batch that went out shows as {@code sent}.
     */
    static final String SHOWN_STATUS = "CASE WHEN b.status = 'sending' AND d.status IN ('pending', 'retrying')"
            + " THEN 'sending' WHEN " + SENT_BY_BATCH + " THEN 'sent' ELSE d.status END";

    /**
     * The Message-ID of a mail sent with its batch, as {@link EmailComposer#messageId} wrote it, for a delivery
     * {@code alias}.
     */
    static String batchMessageId(String alias) {
        return "'<' || " + alias + ".id || '@bulletin-dispatcher>'";
    }

    /**
     * Every column as readers see it (a delivery sent with its batch: that attempt counted, no error, the batch's time
     * and the mail's Message-ID), under the table's names, so {@link #read} reads either.
     */
    static final String SELECT = "SELECT d.id, d.bulletin_id, d.edition_id, d.zone_id, d.channel, d.address, "
            + SHOWN_STATUS + " AS status,"
            + " CASE WHEN " + SENT_BY_BATCH + " THEN d.attempts + 1 ELSE d.attempts END AS attempts, d.parts_sent,"
            + " CASE WHEN " + SENT_BY_BATCH + " THEN NULL ELSE d.last_error END AS last_error,"
            + " CASE WHEN " + SENT_BY_BATCH + " THEN " + batchMessageId("d")
            + " ELSE d.provider_message_id END AS provider_message_id, d.created_at,"
            + " CASE WHEN " + SENT_BY_BATCH + " THEN b.updated_at ELSE d.updated_at END AS updated_at,"
            + " CASE WHEN " + SENT_BY_BATCH + " THEN b.updated_at ELSE d.sent_at END AS sent_at,"
            + " d.batch_id FROM delivery d LEFT JOIN delivery_batch b ON b.id = d.batch_id";

    static boolean isRecorded(Connection c, DeliveryStore.Planned p) throws SQLException {
        try (PreparedStatement select =
                c.prepareStatement("SELECT 1 FROM delivery WHERE edition_id = ? AND channel = ? AND address = ?")) {
            select.setString(1, p.editionId());
            select.setString(2, p.channel());
            select.setString(3, p.address());
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Inserts every delivery in one batch; null when one of them exists already (nothing is kept then). */
    static List<DeliveryStore.Recorded> insertAll(Connection c, List<DeliveryStore.Planned> planned, OffsetDateTime now)
            throws SQLException {
        List<DeliveryStore.Recorded> recorded = new ArrayList<>(planned.size());
        try (PreparedStatement batch = c.prepareStatement(INSERT_BATCH);
                PreparedStatement insert = c.prepareStatement(INSERT)) {
            Set<String> batches = new HashSet<>();
            for (DeliveryStore.Planned p : planned) {
                if (p.batchId() != null && batches.add(p.batchId())) {
                    bindBatch(batch, p, now);
                    batch.addBatch();
                }
            }
            batch.executeBatch();
            for (DeliveryStore.Planned p : planned) {
                String id = RowIds.next();
                bind(insert, id, p, now);
                insert.addBatch();
                recorded.add(new DeliveryStore.Recorded(id, p.batchId()));
            }
            insert.executeBatch();
            return recorded;
        } catch (BatchUpdateException e) {
            if (e.getSQLState() == null || e.getSQLState().startsWith("23")) { // an integrity constraint
                return null; // recorded meanwhile by another node: the careful way below
            }
            throw e;
        }
    }

    /** Inserts the deliveries not recorded yet; a batch is recorded with its first new delivery. */
    static List<DeliveryStore.Recorded> insertMissing(
            Connection c, List<DeliveryStore.Planned> planned, OffsetDateTime now) throws SQLException {
        List<DeliveryStore.Recorded> recorded = new ArrayList<>(planned.size());
        Set<String> batches = new HashSet<>();
        try (PreparedStatement exists = c.prepareStatement(
                        "SELECT id, batch_id FROM delivery WHERE edition_id = ? AND channel = ? AND address = ?");
                PreparedStatement batch = c.prepareStatement(INSERT_BATCH);
                PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (DeliveryStore.Planned p : planned) {
                exists.setString(1, p.editionId());
                exists.setString(2, p.channel());
                exists.setString(3, p.address());
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        recorded.add(new DeliveryStore.Recorded(rs.getString(1), rs.getString(2)));
                        continue;
                    }
                }
                if (p.batchId() != null && batches.add(p.batchId())) {
                    bindBatch(batch, p, now);
                    batch.executeUpdate();
                }
                String id = RowIds.next();
                bind(insert, id, p, now);
                insert.executeUpdate();
                recorded.add(new DeliveryStore.Recorded(id, p.batchId()));
            }
        }
        return recorded;
    }

    private static void bindBatch(PreparedStatement insert, DeliveryStore.Planned p, OffsetDateTime now)
            throws SQLException {
        insert.setString(1, p.batchId());
        insert.setString(2, p.bulletinId());
        insert.setObject(3, now);
        insert.setObject(4, now);
    }

    static void bind(PreparedStatement insert, String id, DeliveryStore.Planned p, OffsetDateTime now)
            throws SQLException {
        insert.setString(1, id);
        insert.setString(2, p.bulletinId());
        insert.setString(3, p.editionId());
        insert.setString(4, p.zoneId());
        insert.setString(5, p.channel());
        insert.setString(6, p.address());
        insert.setString(7, p.batchId());
        insert.setObject(8, now);
        insert.setObject(9, now);
    }

    /** Per channel, per status as readers see it, how many deliveries a bulletin has. */
    static Map<String, Map<String, Integer>> counts(Connection c, String bulletinId) throws SQLException {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT d.channel, " + SHOWN_STATUS + ", COUNT(*)"
                + " FROM delivery d LEFT JOIN delivery_batch b ON b.id = d.batch_id WHERE d.bulletin_id = ?"
                + " GROUP BY d.channel, " + SHOWN_STATUS + " ORDER BY 1, 2")) {
            select.setString(1, bulletinId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    counts.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                            .put(rs.getString(2), rs.getInt(3));
                }
            }
        }
        return counts;
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
                time(rs, "sent_at", officeZone),
                rs.getString("batch_id"));
    }

    private static OffsetDateTime time(ResultSet rs, String column, ZoneId officeZone) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.atZoneSameInstant(officeZone).toOffsetDateTime();
    }
}
