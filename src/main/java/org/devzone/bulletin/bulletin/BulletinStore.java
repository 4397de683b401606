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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.devzone.bulletin.platform.Jdbc;
import org.devzone.bulletin.platform.RowIds;
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
    private final String node;
    private final BulletinRows rows;

    /** @param node this process's id, recorded with the bulletins it assembles */
    public BulletinStore(DataSource dataSource, ZoneId officeZone, String node) {
        this.dataSource = dataSource;
        this.node = node;
        this.rows = new BulletinRows(officeZone);
    }

    /**
     * Creates the bulletin in one transaction: the bulletin row (unique by occurrence key), its notices moved from
     * queued to scheduled (a notice another bulletin took in the meantime is left out), and the plan of its editions,
     * which {@link #writeEditions} then writes a chunk at a time.
     */
    public Created create(Plan plan, OffsetDateTime now) {
        Optional<Bulletin> existing = findByKey(plan.occurrenceKey());
        if (existing.isPresent()) {
            return new Created(existing.get(), false);
        }
        String id = RowIds.next();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                BulletinRows.insertBulletin(c, id, plan, node, now);
                // A reminder carries notices another bulletin delivered; it takes none.
                List<String> taken = plan.kind() == Bulletin.Kind.REMINDER
                        ? plan.editions().values().stream()
                                .flatMap(List::stream)
                                .distinct()
                                .toList()
                        : BulletinRows.takeNotices(c, id, plan.noticeIds());
                int editions = EditionPlans.plan(c, id, plan.editions(), taken);
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

    /** Writes the editions of the next planned chunk in one transaction, once whoever asks; empty when all are. */
    public List<Bulletin.Edition> writeEditions(String id) {
        return Jdbc.inTransaction(dataSource, "write the bulletin's editions", c -> EditionPlans.writeNext(c, id));
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
        return Jdbc.inTransaction(dataSource, "publish the bulletin", c -> {
            boolean changed = Jdbc.execute(
                            c,
                            "UPDATE bulletin SET status = 'published', published_at = ? WHERE id = ? AND status = 'assembled'",
                            now,
                            id)
                    == 1;
            Jdbc.execute(
                    c,
                    "UPDATE notice SET status = 'sent' WHERE status = 'scheduled'"
                            + " AND id IN (SELECT notice_id FROM bulletin_notice WHERE bulletin_id = ?)",
                    id);
            return changed;
        });
    }

    /** Bulletins left assembled by a stopped process (one of {@code dead}, or unknown), or since before {@code stuck}. */
    public List<String> assembledByStoppedProcesses(List<String> dead, OffsetDateTime stuck) {
        List<Object> args = new ArrayList<>(dead);
        args.add(stuck);
        String in = dead.isEmpty() ? "" : " OR assembled_by IN (" + Jdbc.placeholders(dead.size()) + ")";
        return Jdbc.strings(
                dataSource,
                "unpublished bulletins",
                "SELECT id FROM bulletin WHERE status = 'assembled' AND (assembled_by NOT IN (SELECT id FROM"
                        + " dispatcher_node)" + in + " OR created_at < ?) ORDER BY created_at",
                args.toArray());
    }

    /** Bulletins assembled but not yet published, for example after a crash between the two steps. */
    public List<String> unpublished() {
        return Jdbc.strings(
                dataSource,
                "unpublished bulletins",
                "SELECT id FROM bulletin WHERE status = 'assembled' ORDER BY created_at");
    }

    /**
     * Published bulletins not handed over entirely (their fan-out did not finish: the process died midway), published
     * before {@code publishedBefore}, oldest first.
     */
    public List<String> notHandedOver(OffsetDateTime publishedBefore) {
        return Jdbc.strings(
                dataSource,
                "bulletins not handed over",
                "SELECT id FROM bulletin WHERE status = 'published' AND handed_over_at IS NULL AND published_at < ?"
                        + " ORDER BY created_at",
                publishedBefore);
    }

    /** Records that a published bulletin was handed over: its deliveries are all recorded and queued. */
    public void handedOver(String id, OffsetDateTime now) {
        Jdbc.update(
                dataSource,
                "a bulletin",
                "UPDATE bulletin SET handed_over_at = ? WHERE id = ? AND handed_over_at IS NULL",
                now,
                id);
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
            return rows.readRows(select).stream().findFirst();
        } catch (SQLException e) {
            throw new StoreException("could not read the bulletin", e);
        }
    }

    /** The bulletin that took a notice, if one has. */
    public Optional<String> bulletinOf(String noticeId) {
        return Jdbc.strings(
                        dataSource,
                        "the notice's bulletin",
                        "SELECT bulletin_id FROM bulletin_notice WHERE notice_id = ?",
                        noticeId)
                .stream()
                .findFirst();
    }

    /** One zone's edition of a published bulletin, as the zone's page lists it. */
    public record ZoneEdition(
            String bulletinId, String slot, LocalDate date, String kind, String editionId, List<String> noticeIds) {}

    /** A zone's editions of published bulletins, newest first, with their notices: what reached that zone only. */
    public List<ZoneEdition> zoneEditions(String zoneId, int limit) {
        List<String[]> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT b.id, b.slot, b.occurrence_date, b.kind, e.id FROM edition e JOIN bulletin b ON b.id ="
                                + " e.bulletin_id WHERE e.zone_id = ? AND b.status = 'published'"
                                + " ORDER BY b.occurrence_date DESC, b.created_at DESC LIMIT ?")) {
            select.setString(1, zoneId);
            select.setInt(2, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new String[] {
                        rs.getString(1),
                        rs.getString(2),
                        rs.getObject(3, LocalDate.class).toString(),
                        rs.getString(4),
                        rs.getString(5)
                    });
                }
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the zone's editions", e);
        }
        Map<String, List<String>> notices =
                editionNotices(rows.stream().map(r -> r[4]).toList());
        return rows.stream()
                .map(r -> new ZoneEdition(
                        r[0], r[1], LocalDate.parse(r[2]), r[3], r[4], notices.getOrDefault(r[4], List.of())))
                .toList();
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
                                + Jdbc.placeholders(editionIds.size())
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
                    listed.add(new Listed(rows.header(rs), rs.getInt("notice_count"), rs.getInt("edition_count")));
                }
            }
            return listed;
        } catch (SQLException e) {
            throw new StoreException("could not list bulletins", e);
        }
    }

    private Optional<Bulletin> queryOne(String sql, String arg) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, arg);
            return rows.readAll(c, select).stream().findFirst();
        } catch (SQLException e) {
            throw new StoreException("could not read bulletins", e);
        }
    }
}
