package org.devzone.bulletin.feedback;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.devzone.bulletin.platform.StoreException;

/** Stored feedback, newest first. */
public final class FeedbackStore {

    /** Filters for listing; null matches everything. */
    public record Filter(String zoneId, String noticeId, Boolean matched) {}

    private final DataSource dataSource;
    private final ZoneId officeZone;

    public FeedbackStore(DataSource dataSource, ZoneId officeZone) {
        this.dataSource = dataSource;
        this.officeZone = officeZone;
    }

    /** Stores; false when feedback from the same source (the same mail) is already stored. */
    public boolean add(Feedback f, String sourceId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO feedback (id, zone_id, notice_id, bulletin_id, delivery_id, via, author, subject, body,"
                                + " matched, source_id, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, f.id());
            insert.setString(2, f.zoneId());
            insert.setString(3, f.noticeId());
            insert.setString(4, f.bulletinId());
            insert.setString(5, f.deliveryId());
            insert.setString(6, f.via());
            insert.setString(7, cut(f.author(), 320));
            insert.setString(8, cut(f.subject(), 500));
            insert.setString(9, cut(f.body(), 20000));
            insert.setBoolean(10, f.matched());
            insert.setString(11, cut(sourceId, 500));
            insert.setObject(12, f.receivedAt());
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (StoreException.isDuplicateKey(e)) {
                return false;
            }
            throw new StoreException("could not store feedback", e);
        }
    }

    /** Whether a published bulletin brought the notice to the zone. */
    public boolean reached(String noticeId, String zoneId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select =
                        c.prepareStatement("SELECT 1 FROM edition_notice en JOIN edition e ON e.id = en.edition_id"
                                + " JOIN bulletin b ON b.id = e.bulletin_id AND b.status = 'published'"
                                + " WHERE en.notice_id = ? AND e.zone_id = ?")) {
            select.setString(1, noticeId);
            select.setString(2, zoneId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read editions", e);
        }
    }

    /** Feedback received after {@code after} (null: from the start) up to {@code upTo}, oldest first. */
    public List<Feedback> between(OffsetDateTime after, OffsetDateTime upTo) {
        String sql = "SELECT id, zone_id, notice_id, bulletin_id, delivery_id, via, author, subject, body, matched,"
                + " received_at FROM feedback WHERE received_at <= ?" + (after == null ? "" : " AND received_at > ?")
                + " ORDER BY received_at, id";
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(sql)) {
            select.setObject(1, upTo);
            if (after != null) {
                select.setObject(2, after);
            }
            return read(select);
        } catch (SQLException e) {
            throw new StoreException("could not read feedback", e);
        }
    }

    private List<Feedback> read(PreparedStatement select) throws SQLException {
        List<Feedback> list = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                list.add(new Feedback(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getBoolean(10),
                        rs.getObject(11, OffsetDateTime.class)
                                .atZoneSameInstant(officeZone)
                                .toOffsetDateTime()));
            }
        }
        return list;
    }

    public List<Feedback> list(Filter filter, long offset, int limit) {
        StringBuilder sql =
                new StringBuilder("SELECT id, zone_id, notice_id, bulletin_id, delivery_id, via, author, subject,"
                        + " body, matched, received_at FROM feedback WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (filter.zoneId() != null) {
            sql.append(" AND zone_id = ?");
            args.add(filter.zoneId());
        }
        if (filter.noticeId() != null) {
            sql.append(" AND notice_id = ?");
            args.add(filter.noticeId());
        }
        if (filter.matched() != null) {
            sql.append(" AND matched = ?");
            args.add(filter.matched());
        }
        sql.append(" ORDER BY received_at DESC, id LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                select.setObject(i + 1, args.get(i));
            }
            return read(select);
        } catch (SQLException e) {
            throw new StoreException("could not read feedback", e);
        }
    }

    /**
     * Staff say whose an unmatched reply is (and, if they know, about which notice): it becomes that zone's feedback.
     * Answers false when there is no such reply or it already had a zone.
     */
    public boolean assign(String id, String zoneId, String noticeId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update =
                        c.prepareStatement("UPDATE feedback SET zone_id = ?, notice_id = ?, matched ="
                                + " TRUE WHERE id = ? AND matched = FALSE")) {
            update.setString(1, zoneId);
            update.setString(2, noticeId);
            update.setString(3, id);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("could not assign the feedback", e);
        }
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
