package org.devzone.bulletin.bulletin;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.devzone.bulletin.platform.RowIds;

/**
 * The bulletin tables row by row: writing a bulletin, the notices it takes and its editions; reading bulletins back
 * with their notices and editions, in office time. {@link BulletinStore} owns the transactions around them.
 */
final class BulletinRows {

    private final ZoneId officeZone;

    BulletinRows(ZoneId officeZone) {
        this.officeZone = officeZone;
    }

    static void insertBulletin(Connection c, String id, BulletinStore.Plan plan, String node, OffsetDateTime now)
            throws SQLException {
        try (PreparedStatement insert =
                c.prepareStatement("INSERT INTO bulletin (id, occurrence_key, slot, occurrence_date,"
                        + " kind, status, fired_by, provisional, notice_count, edition_count, sections, created_at, assembled_by)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, plan.occurrenceKey());
            insert.setString(3, plan.slot());
            insert.setDate(4, Date.valueOf(plan.date()));
            insert.setString(5, plan.kind().name().toLowerCase(Locale.ROOT));
            insert.setString(6, "missed".equals(plan.firedBy()) ? "missed" : "assembled");
            insert.setString(7, plan.firedBy());
            insert.setBoolean(8, plan.provisional());
            insert.setString(9, plan.sections());
            insert.setObject(10, now);
            insert.setString(11, node);
            insert.executeUpdate();
        }
    }

    /** Moves each notice from queued to scheduled; keeps only those this bulletin really took. */
    static List<String> takeNotices(Connection c, String bulletinId, List<String> noticeIds) throws SQLException {
        List<String> taken = new ArrayList<>();
        try (PreparedStatement take = c.prepareStatement(
                        "UPDATE notice SET status = 'scheduled' WHERE id = ? AND status = 'queued'");
                PreparedStatement link = c.prepareStatement(
                        "INSERT INTO bulletin_notice (bulletin_id, notice_id, position) VALUES (?, ?, ?)")) {
            for (String noticeId : noticeIds) {
                take.setString(1, noticeId);
                if (take.executeUpdate() == 1) {
                    link.setString(1, bulletinId);
                    link.setString(2, noticeId);
                    link.setInt(3, taken.size());
                    link.executeUpdate();
                    taken.add(noticeId);
                }
            }
        }
        return taken;
    }

    /** Editions written to the database together: one statement for many rows, not two for every zone. */
    private static final int EDITIONS_A_BATCH = 500;

    /** Writes editions (zone to its notices, in order), returning them with their ids. */
    static List<Bulletin.Edition> insertEditions(Connection c, String bulletinId, Map<String, List<String>> editions)
            throws SQLException {
        List<Bulletin.Edition> written = new ArrayList<>(editions.size());
        try (PreparedStatement edition = c.prepareStatement(
                        "INSERT INTO edition (id, bulletin_id, zone_id, notice_count) VALUES (?, ?, ?, ?)");
                PreparedStatement member = c.prepareStatement(
                        "INSERT INTO edition_notice (edition_id, notice_id, position) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, List<String>> entry : editions.entrySet()) {
                List<String> notices = entry.getValue();
                String editionId = RowIds.next();
                edition.setString(1, editionId);
                edition.setString(2, bulletinId);
                edition.setString(3, entry.getKey());
                edition.setInt(4, notices.size());
                edition.addBatch();
                for (int i = 0; i < notices.size(); i++) {
                    member.setString(1, editionId);
                    member.setString(2, notices.get(i));
                    member.setInt(3, i);
                    member.addBatch();
                }
                written.add(new Bulletin.Edition(editionId, entry.getKey(), notices));
                if (written.size() % EDITIONS_A_BATCH == 0) {
                    edition.executeBatch(); // the editions before their notices, which refer to them
                    member.executeBatch();
                }
            }
            edition.executeBatch();
            member.executeBatch();
        }
        return written;
    }

    List<Bulletin> readAll(Connection c, PreparedStatement select) throws SQLException {
        List<Bulletin> bulletins = readRows(select);
        List<Bulletin> complete = new ArrayList<>();
        for (Bulletin b : bulletins) {
            complete.add(new Bulletin(
                    b.id(),
                    b.occurrenceKey(),
                    b.slot(),
                    b.date(),
                    b.kind(),
                    b.status(),
                    b.firedBy(),
                    b.provisional(),
                    noticesOf(c, b.id()),
                    editionsOf(c, b.id()),
                    b.sections(),
                    b.createdAt(),
                    b.publishedAt()));
        }
        return complete;
    }

    /** The bulletin rows alone, with empty notice and edition lists. */
    List<Bulletin> readRows(PreparedStatement select) throws SQLException {
        List<Bulletin> bulletins = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                bulletins.add(header(rs));
            }
        }
        return bulletins;
    }

    Bulletin header(ResultSet rs) throws SQLException {
        return new Bulletin(
                rs.getString("id"),
                rs.getString("occurrence_key"),
                rs.getString("slot"),
                rs.getDate("occurrence_date").toLocalDate(),
                Bulletin.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                Bulletin.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getString("fired_by"),
                rs.getBoolean("provisional"),
                List.of(),
                List.of(),
                rs.getString("sections"),
                officeTime(rs.getObject("created_at", OffsetDateTime.class)),
                officeTime(rs.getObject("published_at", OffsetDateTime.class)));
    }

    static List<String> noticesOf(Connection c, String bulletinId) throws SQLException {
        try (PreparedStatement select =
                c.prepareStatement("SELECT notice_id FROM bulletin_notice WHERE bulletin_id = ? ORDER BY position")) {
            select.setString(1, bulletinId);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    static List<Bulletin.Edition> editionsOf(Connection c, String bulletinId) throws SQLException {
        Map<String, String> zones = new LinkedHashMap<>();
        Map<String, List<String>> notices = new LinkedHashMap<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT e.id, e.zone_id, en.notice_id FROM edition e"
                        + " LEFT JOIN edition_notice en ON en.edition_id = e.id WHERE e.bulletin_id = ? ORDER BY e.zone_id, en.position")) {
            select.setString(1, bulletinId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String editionId = rs.getString(1);
                    zones.put(editionId, rs.getString(2));
                    List<String> list = notices.computeIfAbsent(editionId, k -> new ArrayList<>());
                    if (rs.getString(3) != null) {
                        list.add(rs.getString(3));
                    }
                }
            }
        }
        List<Bulletin.Edition> editions = new ArrayList<>();
        zones.forEach((id, zone) -> editions.add(new Bulletin.Edition(id, zone, notices.get(id))));
        return editions;
    }

    private OffsetDateTime officeTime(OffsetDateTime time) {
        return time == null ? null : time.atZoneSameInstant(officeZone).toOffsetDateTime();
    }
}
