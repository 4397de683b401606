package org.devzone.bulletin.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.devzone.bulletin.platform.Jdbc;
import org.devzone.bulletin.platform.StoreException;

/**
 * The delivery ledger. A delivery is recorded before anything is sent, and a consumer must claim it before sending: a
 * second copy of its queue message, a redelivery or another node finds it claimed or {@code sent} and sends nothing.
 * A chat message or webhook is claimed on its own ({@code pending} or {@code retrying} to {@code sending}); a fan-out's
 * emails by their batch, in one row ({@code waiting} to {@code sending}), the mails staying where they wait until their
 * outcome is recorded (readers show them as sending meanwhile).
 */
public final class DeliveryStore {

    /**
     * A delivery to record: one address of one zone's edition on one channel, in a batch of a fan-out's emails or
     * (null) on its own.
     */
    public record Planned(
            String bulletinId, String editionId, String zoneId, String channel, String address, String batchId) {

        public Planned(String bulletinId, String editionId, String zoneId, String channel, String address) {
            this(bulletinId, editionId, zoneId, channel, address, null);
        }
    }

    /** A delivery as recorded: its id, and its batch (the one planned, or the one it already had), or null. */
    public record Recorded(String id, String batchId) {}

    private final DataSource dataSource;
    private final ZoneId officeZone;
    private final DeliveryBatches batches;
    private volatile Boolean returning;

    public DeliveryStore(DataSource dataSource, ZoneId officeZone) {
        this.dataSource = dataSource;
        this.officeZone = officeZone;
        this.batches = new DeliveryBatches(dataSource, officeZone);
    }

    /** The batches a fan-out's emails are claimed by. */
    public DeliveryBatches batches() {
        return batches;
    }

    /** Records the deliveries; ones already recorded (same edition, channel, address) are left as they are. */
    public List<Recorded> record(List<Planned> planned, OffsetDateTime now) {
        if (planned.isEmpty()) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // The first fan-out of a bulletin (nearly always the only one) inserts in one batch; when the first
                // of these is recorded already (a fan-out done again, after a crash midway), or another node records
                // the same ones meanwhile, each is looked up first.
                List<Recorded> ids =
                        DeliveryRows.isRecorded(c, planned.get(0)) ? null : DeliveryRows.insertAll(c, planned, now);
                if (ids == null) {
                    c.rollback();
                    ids = DeliveryRows.insertMissing(c, planned, now);
                }
                c.commit();
                return ids;
            } catch (SQLException e) {
                Jdbc.rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("could not record deliveries", e);
        }
    }

    /**
     * Claims a delivery for sending by process {@code node}. Empty when it is already sent, dead, or being sent by
     * someone else.
     */
    public Optional<Delivery> claim(String id, String node, OffsetDateTime now) {
        return claimAll(List.of(id), node, now).stream().findFirst();
    }

    /**
     * Claims many deliveries in one statement; answers the ones claimed, in the order given (the others are sent, dead,
     * or in hand elsewhere). The statement answers the rows it changed itself ({@code RETURNING} on PostgreSQL, a data
     * change delta table on H2), so what another consumer claimed meanwhile is never taken for this one's.
     */
    public List<Delivery> claimAll(List<String> ids, String node, OffsetDateTime now) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String update =
                "UPDATE delivery SET status = 'sending', claimed_by = ?, attempts = attempts + 1, updated_at = ?"
                        + " WHERE id IN (" + Jdbc.placeholders(ids.size()) + ") AND "
                        + Delivery.Transition.CLAIM.guard() + " AND batch_id IS NULL";
        Map<String, Delivery> rows = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement claim = c.prepareStatement(
                        returning(c) ? update + " RETURNING *" : "SELECT * FROM FINAL TABLE (" + update + ")")) {
            claim.setString(1, node);
            claim.setObject(2, now);
            for (int i = 0; i < ids.size(); i++) {
                claim.setString(3 + i, ids.get(i));
            }
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    Delivery d = DeliveryRows.read(rs, officeZone);
                    rows.put(d.id(), d);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("could not claim deliveries", e);
        }
        return ids.stream().map(rows::get).filter(Objects::nonNull).toList();
    }

    /** Whether the database answers an UPDATE's rows with RETURNING (PostgreSQL) rather than a delta table (H2). */
    private boolean returning(Connection c) throws SQLException {
        Boolean known = returning;
        if (known == null) {
            known = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
            returning = known;
        }
        return known;
    }

    /** A claimed delivery went out; {@code parts}, when not null, is how many parts of a chat message it took. */
    public record SentMark(String id, String providerMessageId, Integer parts) {}

    /**
     * Claimed deliveries went out: recorded together, in one statement (a batch of emails costs one update and one
     * commit, not one a mail), and when {@code handBack} is given its batch handed back in the same commit. Until it
     * commits, they are still held as being sent.
     */
    public void markAllSent(List<SentMark> marks, OffsetDateTime now, DeliveryBatches.Hold handBack) {
        if (marks.isEmpty()) {
            return;
        }
        String sql = "UPDATE delivery SET status = 'sent', last_error = NULL, sent_at = ?, updated_at = ?, "
                + Delivery.COUNT_ATTEMPT + ","
                + " provider_message_id = CASE id" + " WHEN ? THEN CAST(? AS VARCHAR(300))".repeat(marks.size())
                + " END, parts_sent = COALESCE(CASE id" + " WHEN ? THEN CAST(? AS INTEGER)".repeat(marks.size())
                + " END, parts_sent)"
                + " WHERE id IN (" + Jdbc.placeholders(marks.size()) + ") AND "
                + Delivery.HELD;
        List<Object> args = new ArrayList<>(marks.size() * 5 + 2);
        args.add(now);
        args.add(now);
        for (SentMark mark : marks) {
            args.add(mark.id());
            args.add(mark.providerMessageId());
        }
        for (SentMark mark : marks) {
            args.add(mark.id());
            args.add(mark.parts());
        }
        marks.forEach(mark -> args.add(mark.id()));
        Jdbc.inTransaction(dataSource, "update deliveries as sent", c -> {
            Jdbc.execute(c, sql, args.toArray());
            return handBack == null
                    ? 0
                    : Jdbc.execute(c, DeliveryBatches.RELEASE, now, handBack.batchId(), handBack.node());
        });
    }

    /**
     * Hands claims back without counting the attempt, in one statement: the deliveries wait for their robot's next
     * free slot.
     */
    public void release(List<String> ids, OffsetDateTime now) {
        if (ids.isEmpty()) {
            return;
        }
        List<Object> args = new ArrayList<>(ids.size() + 1);
        args.add(now);
        args.addAll(ids);
        Jdbc.update(
                dataSource,
                "deliveries",
                "UPDATE delivery SET status = CASE WHEN attempts > 1 THEN 'retrying' ELSE 'pending' END,"
                        + " attempts = attempts - 1, updated_at = ? WHERE id IN ("
                        + Jdbc.placeholders(ids.size()) + ") AND "
                        + Delivery.Transition.RELEASE.guard(),
                args.toArray());
    }

    /** How many parts of a chat message went out, so a retry sends only the rest. */
    public void markPartsSent(String id, int parts, OffsetDateTime now) {
        Jdbc.update(
                dataSource,
                "a delivery",
                "UPDATE delivery SET parts_sent = ?, updated_at = ? WHERE id = ?",
                parts,
                now,
                id);
    }

    /** A failure that may pass: the delivery goes back to be tried again. */
    public void markRetrying(String id, String error, OffsetDateTime now) {
        Jdbc.update(
                dataSource,
                "a delivery",
                "UPDATE delivery SET status = 'retrying', last_error = ?, updated_at = ?, " + Delivery.COUNT_ATTEMPT
                        + " WHERE id = ? AND " + Delivery.HELD,
                truncate(error),
                now,
                id);
    }

    /** A failure that will not pass, or the last attempt: given up, with the reason. */
    public void markDead(String id, String error, OffsetDateTime now) {
        Jdbc.update(
                dataSource,
                "a delivery",
                "UPDATE delivery SET status = 'dead', last_error = ?, updated_at = ?, " + Delivery.COUNT_ATTEMPT
                        + " WHERE id = ? AND " + Delivery.Transition.GIVE_UP.guard(),
                truncate(error),
                now,
                id);
    }

    /**
     * Puts given-up (or stuck retrying) deliveries back to pending with a fresh count of attempts; null filters match
     * everything. Sent deliveries are never touched. Returns the ids to queue again.
     */
    public List<String> redrive(String bulletinId, String channel, Delivery.Status status, OffsetDateTime now) {
        StringBuilder where = new StringBuilder(" WHERE status = ? AND " + DeliveryBatches.NOT_SENT_BY_BATCH);
        List<Object> args = new ArrayList<>(List.of(status.wireName()));
        if (bulletinId != null) {
            where.append(" AND bulletin_id = ?");
            args.add(bulletinId);
        }
        if (channel != null) {
            where.append(" AND channel = ?");
            args.add(channel);
        }
        List<String> ids = ids("SELECT id FROM delivery" + where + " ORDER BY created_at", args.toArray());
        for (String id : ids) {
            Jdbc.update(
                    dataSource,
                    "a delivery",
                    // Out of a batch that went out (it is never claimed again), to be sent on its own.
                    "UPDATE delivery SET status = 'pending', attempts = 0, updated_at = ?, batch_id = CASE WHEN batch_id"
                            + " IN (SELECT id FROM delivery_batch WHERE status IN ('sent', 'done')) THEN NULL"
                            + " ELSE batch_id END WHERE id = ? AND status = ? AND " + DeliveryBatches.NOT_SENT_BY_BATCH
                            + " AND "
                            + Delivery.Transition.REDRIVE.guard(),
                    now,
                    id,
                    status.wireName());
        }
        return ids;
    }

    public Optional<Delivery> find(String id) {
        return list(DeliveryRows.SELECT + " WHERE d.id = ?", List.of(id)).stream()
                .findFirst();
    }

    /** Filtered listing, newest first; null filters are ignored. */
    public List<Delivery> list(
            String bulletinId, String zoneId, String channel, Delivery.Status status, int page, int size) {
        StringBuilder sql = new StringBuilder(DeliveryRows.SELECT + " WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (bulletinId != null) {
            sql.append(" AND d.bulletin_id = ?");
            args.add(bulletinId);
        }
        if (zoneId != null) {
            sql.append(" AND d.zone_id = ?");
            args.add(zoneId);
        }
        if (channel != null) {
            sql.append(" AND d.channel = ?");
            args.add(channel);
        }
        if (status != null) {
            sql.append(" AND ").append(DeliveryRows.SHOWN_STATUS).append(" = ?");
            args.add(status.wireName());
        }
        sql.append(" ORDER BY d.created_at DESC, d.zone_id, d.channel, d.address LIMIT ? OFFSET ?");
        args.add(size);
        args.add((long) (page - 1) * size);
        return list(sql.toString(), args);
    }

    /** Per channel, per status, how many deliveries a bulletin has. */
    public Map<String, Map<String, Integer>> counts(String bulletinId) {
        try (Connection c = dataSource.getConnection()) {
            return DeliveryRows.counts(c, bulletinId);
        } catch (SQLException e) {
            throw new StoreException("could not count deliveries", e);
        }
    }

    /** How many deliveries are in each status, across all bulletins. */
    public Map<String, Long> totals() {
        return Jdbc.counts(
                dataSource,
                "deliveries",
                "SELECT " + DeliveryRows.SHOWN_STATUS + ", COUNT(*) FROM delivery d"
                        + " LEFT JOIN delivery_batch b ON b.id = d.batch_id GROUP BY " + DeliveryRows.SHOWN_STATUS);
    }

    private List<Delivery> list(String sql, List<Object> args) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                select.setObject(i + 1, args.get(i));
            }
            List<Delivery> deliveries = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    deliveries.add(DeliveryRows.read(rs, officeZone));
                }
            }
            return deliveries;
        } catch (SQLException e) {
            throw new StoreException("could not read deliveries", e);
        }
    }

    private List<String> ids(String sql, Object... args) {
        return Jdbc.strings(dataSource, "deliveries", sql, args);
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 2000 ? error : error.substring(0, 1997) + "...";
    }
}
