package org.devzone.bulletin.bulletin;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.devzone.bulletin.platform.Jdbc;
import org.devzone.bulletin.platform.StoreException;

/**
 * Bulletins in the database. Creating one is guarded by the unique occurrence key: a second attempt at the same
 * occurrence (a duplicate trigger, a manual fire, a restart, another node) finds the first and changes nothing.
 */
public final class BulletinStore {

    /** A bulletin to create: its key and content, decided by the assembler. */
    public record Plan(
            String occurrenceKey,
            String slot,
            LocalDate date,
            Bulletin.Kind kind,
            String firedBy,
            boolean provisional,
            List<String> noticeIds,
            Map<String, List<String>> editions,
            String sections) {}

    /** The outcome of creating: the bulletin, and whether this call created it. */
    public record Created(Bulletin bulletin, boolean created) {}

    private final DataSource dataSource;
    private final ZoneId officeZone;
    private final String node;

    /** @param node this process's id, recorded with the bulletins it assembles */
    public BulletinStore(DataSource dataSource, ZoneId officeZone, String node) {
        this.dataSource = dataSource;
        this.officeZone = officeZone;
        this.node = node;
    }

    /**
     * Creates the bulletin in one transaction: the bulletin row (unique by occurrence key), its notices moved from
     * queued to scheduled (a notice another bulletin took in the meantime is left out), and the editions.
     */
    public Created create(Plan plan, OffsetDateTime now) {
        Optional<Bulletin> existing = findByKey(plan.occurrenceKey());
        if (existing.isPresent()) {
            return new Created(existing.get(), false);
        }
        String id = UUID.randomUUID().toString();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                insertBulletin(c, id, plan, node, now);
                // A reminder carries notices another bulletin delivered; it takes none.
                List<String> taken = plan.kind() == Bulletin.Kind.REMINDER
                        ? plan.editions().values().stream()
                                .flatMap(List::stream)
                                .distinct()
                                .toList()
                        : takeNotices(c, id, plan.noticeIds());
                int editions = insertEditions(c, id, plan.editions(), taken);
                try (PreparedStatement counts =
                        c.prepareStatement("UPDATE bulletin SET notice_count = ?, edition_count = ? WHERE id = ?")) {
                    counts.setInt(1, taken.size());
                    counts.setInt(2, editions);
                    counts.setString(3, id);
                    counts.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                Jdbc.rollback(c, e);
                if (StoreException.isDuplicateKey(e)) {
                    return new Created(
                            findByKey(plan.occurrenceKey())
                                    .orElseThrow(
                                            () -> new StoreException("duplicate occurrence but no bulletin found", e)),
                            false);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("could not create the bulletin " + plan.occurrenceKey(), e);
        }
        return new Created(find(id).orElseThrow(), true);
    }

    /** Records an occurrence that passed while the service was down; it never fires later. */
    public Created recordMissed(
            String occurrenceKey, String slot, LocalDate date, boolean provisional, OffsetDateTime now) {
        return create(
                new Plan(
                        occurrenceKey,
                        slot,
                        date,
                        Bulletin.Kind.SCHEDULED,
                        "missed",
                        provisional,
                        List.of(),
                        Map.of(),
                        null),
                now);
    }

    /** Marks an assembled bulletin published and its notices sent. False if it was not assembled. */
    public boolean publish(String id, OffsetDateTime now) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement bulletin = c.prepareStatement(
                            "UPDATE bulletin SET status = 'published', published_at = ? WHERE id = ? AND status = 'assembled'");
                    PreparedStatement notices =
                            c.prepareStatement("UPDATE notice SET status = 'sent' WHERE status = 'scheduled'"
                                    + " AND id IN (SELECT notice_id FROM bulletin_notice WHERE bulletin_id = ?)")) {
                bulletin.setObject(1, now);
                bulletin.setString(2, id);
                boolean changed = bulletin.executeUpdate() == 1;
                notices.setString(1, id);
                notices.executeUpdate();
                c.commit();
                return changed;
            } catch (SQLException e) {
                Jdbc.rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("could not publish the bulletin", e);
        }
    }

    /**
     * Bulletins left assembled by a process that stopped (one of {@code dead}, or one no longer known) between
     * assembling and publishing.
     */
    public List<String> assembledByStoppedProcesses(List<String> dead) {
        List<Object> args = new ArrayList<>(dead);
        String in = dead.isEmpty()
                ? ""
                : " OR assembled_by IN (" + String.join(", ", Collections.nCopies(dead.size(), "?")) + ")";
        return Jdbc.strings(
                dataSource,
                "unpublished bulletins",
                "SELECT id FROM bulletin WHERE status = 'assembled'"
                        + " AND (assembled_by NOT IN (SELECT id FROM dispatcher_node)" + in + ") ORDER BY created_at",
                args.toArray());
    }

    /** Bulletins assembled but not yet published, for example after a crash between the two steps. */
    public List<String> unpublished() {
        return Jdbc.strings(
                dataSource,
                "unpublished bulletins",
                "SELECT id FROM bulletin WHERE status = 'assembled' ORDER BY created_at");
    }

    /** Published bulletins with editions but no deliveries yet, for example after a crash between the two. */
    public List<String> publishedWithoutDeliveries() {
        return Jdbc.strings(
                dataSource,
                "bulletins without deliveries",
                "SELECT b.id FROM bulletin b WHERE b.status = 'published'"
                        + " AND b.edition_count > 0 AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.bulletin_id = b.id)"
                        + " ORDER BY b.created_at");
    }

    public Optional<Bulletin> find(String id) {
        return queryOne("SELECT * FROM bulletin WHERE id = ?", id);
    }

    /**
     * A bulletin without its notices and editions (empty lists), for work on one edition of it: a delivery must not
     * load every other zone's edition.
     */
    public Optional<Bulletin> header(String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT * FROM bulletin WHERE id = ?")) {
            select.setString(1, id);
            return readRows(select).stream().findFirst();
        } catch (SQLException e) {
            throw new StoreException("could not read the bulletin", e);
        }
    }

    /** The notices of one edition, in the bulletin's order. */
    public List<String> editionNotices(String editionId) {
        return Jdbc.strings(
                dataSource,
                "an edition's notices",
                "SELECT notice_id FROM edition_notice WHERE edition_id = ? ORDER BY position",
                editionId);
    }

    /** The notices of many editions, each in the bulletin's order; an edition without notices is missing. */
    public Map<String, List<String>> editionNotices(Collection<String> editionIds) {
        Map<String, List<String>> notices = new HashMap<>();
        if (editionIds.isEmpty()) {
            return notices;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement select =
                        c.prepareStatement("SELECT edition_id, notice_id FROM edition_notice WHERE edition_id IN ("
                                + String.join(", ", Collections.nCopies(editionIds.size(), "?"))
                                + ") ORDER BY edition_id, position")) {
            int i = 1;
            for (String id : editionIds) {
                select.setString(i++, id);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    notices.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("could not read editions' notices", e);
        }
        return notices;
    }

    /** Whether an occurrence already has its bulletin (or was recorded as missed), without loading it. */
    public boolean exists(String occurrenceKey) {
        return !Jdbc.strings(dataSource, "bulletins", "SELECT id FROM bulletin WHERE occurrence_key = ?", occurrenceKey)
                .isEmpty();
    }

    public Optional<Bulletin> findByKey(String occurrenceKey) {
        return queryOne("SELECT * FROM bulletin WHERE occurrence_key = ?", occurrenceKey);
    }

    /** A bulletin as listings show it: the row alone (empty notice and edition lists) with its counts. */
    public record Listed(Bulletin bulletin, int noticeCount, int editionCount) {}

    /**
     * Newest first; {@code slot} and {@code from}/{@code to} (occurrence dates) filter when not null. Only the bulletin
     * rows are read: a listing never loads every zone's edition.
     */
    public List<Listed> list(String slot, LocalDate from, LocalDate to, int page, int size) {
        StringBuilder sql = new StringBuilder("SELECT * FROM bulletin WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (slot != null) {
            sql.append(" AND slot = ?");
            args.add(slot);
        }
        if (from != null) {
            sql.append(" AND occurrence_date >= ?");
            args.add(Date.valueOf(from));
        }
        if (to != null) {
            sql.append(" AND occurrence_date <= ?");
            args.add(Date.valueOf(to));
        }
        sql.append(" ORDER BY occurrence_date DESC, created_at DESC, id LIMIT ? OFFSET ?");
        args.add(size);
        args.add((long) (page - 1) * size);
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                select.setObject(i + 1, args.get(i));
            }
            List<Listed> listed = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    listed.add(new Listed(header(rs), rs.getInt("notice_count"), rs.getInt("edition_count")));
                }
            }
            return listed;
        } catch (SQLException e) {
            throw new StoreException("could not list bulletins", e);
        }
    }

    private static void insertBulletin(Connection c, String id, Plan plan, String node, OffsetDateTime now)
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
    private static List<String> takeNotices(Connection c, String bulletinId, List<String> noticeIds)
            throws SQLException {
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

    private static int insertEditions(
            Connection c, String bulletinId, Map<String, List<String>> editions, List<String> taken)
            throws SQLException {
        int count = 0;
        try (PreparedStatement edition = c.prepareStatement(
                        "INSERT INTO edition (id, bulletin_id, zone_id, notice_count) VALUES (?, ?, ?, ?)");
                PreparedStatement member = c.prepareStatement(
                        "INSERT INTO edition_notice (edition_id, notice_id, position) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, List<String>> entry : editions.entrySet()) {
                List<String> notices =
                        entry.getValue().stream().filter(taken::contains).toList();
                if (notices.isEmpty() && !entry.getValue().isEmpty()) {
                    continue; // everything it would have carried was taken by another bulletin
                }
                String editionId = UUID.randomUUID().toString();
                edition.setString(1, editionId);
                edition.setString(2, bulletinId);
                edition.setString(3, entry.getKey());
                edition.setInt(4, notices.size());
                edition.executeUpdate();
                for (int i = 0; i < notices.size(); i++) {
                    member.setString(1, editionId);
                    member.setString(2, notices.get(i));
                    member.setInt(3, i);
                    member.addBatch();
                }
                member.executeBatch();
                count++;
            }
        }
        return count;
    }

    private Optional<Bulletin> queryOne(String sql, String arg) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, arg);
            return readAll(c, select).stream().findFirst();
        } catch (SQLException e) {
            throw new StoreException("could not read bulletins", e);
        }
    }

    private List<Bulletin> readAll(Connection c, PreparedStatement select) throws SQLException {
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
    private List<Bulletin> readRows(PreparedStatement select) throws SQLException {
        List<Bulletin> bulletins = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                bulletins.add(header(rs));
            }
        }
        return bulletins;
    }

    private Bulletin header(ResultSet rs) throws SQLException {
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

    private static List<String> noticesOf(Connection c, String bulletinId) throws SQLException {
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

    private static List<Bulletin.Edition> editionsOf(Connection c, String bulletinId) throws SQLException {
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
