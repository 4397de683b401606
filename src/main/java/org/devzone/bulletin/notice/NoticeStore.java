package org.devzone.bulletin.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.devzone.bulletin.cadence.Category;
import org.devzone.bulletin.platform.Jdbc;
import org.devzone.bulletin.platform.RowIds;
import org.devzone.bulletin.platform.StoreException;
import org.devzone.bulletin.zone.Audience;

/**
 * Notices in the database. Storing is idempotent: the same {@code externalId}, or the same intake key (a JMS message
 * id), finds the row already there instead of adding a second, including when two requests race.
 */
public final class NoticeStore {

    /** The outcome of storing: the notice, and whether this call created it. */
    public record Stored(Notice notice, boolean created) {}

    /** The outcome of a withdrawal; {@code changed} is false when it had already been withdrawn. */
    public record Withdrawal(Notice notice, boolean changed) {}

    private static final String COLUMNS = "id, external_id, source, category, title, body, priority, audience,"
            + " requires_receipt, receipt_deadline, not_before, author, slot, status, created_at, withdrawn_at";

    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final ZoneId officeZone;

    public NoticeStore(DataSource dataSource, ObjectMapper mapper, ZoneId officeZone) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.officeZone = officeZone;
    }

    public Stored store(NoticeDraft draft, String slot, String source, String intakeKey, OffsetDateTime now) {
        Optional<Notice> existing = findByKeys(draft.externalId(), intakeKey);
        if (existing.isPresent()) {
            return new Stored(existing.get(), false);
        }
        String id = RowIds.next();
        try (Connection c = dataSource.getConnection()) {
            // The pool restores auto-commit when the connection goes back; no finally here that could throw over e.
            c.setAutoCommit(false);
            try {
                insertNotice(c, id, draft, slot, source, intakeKey, now);
                insertAttachments(c, id, draft.attachments());
                c.commit();
            } catch (SQLException e) {
                Jdbc.rollback(c, e);
                if (StoreException.isDuplicateKey(e)) {
                    // A concurrent request or a redelivery stored it first: answer with that one.
                    return new Stored(
                            findByKeys(draft.externalId(), intakeKey)
                                    .orElseThrow(() -> new StoreException("duplicate key but no notice found", e)),
                            false);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("could not store the notice", e);
        }
        return new Stored(find(id).orElseThrow(), true);
    }

    /** A notice's attachments with their bytes, in the order they were sent. */
    public List<Attachment> attachments(String noticeId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select =
                        c.prepareStatement("SELECT name, content_type, content FROM notice_attachment"
                                + " WHERE notice_id = ? ORDER BY position")) {
            select.setString(1, noticeId);
            List<Attachment> attachments = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    attachments.add(new Attachment(rs.getString(1), rs.getString(2), rs.getBytes(3)));
                }
            }
            return attachments;
        } catch (SQLException e) {
            throw new StoreException("could not read attachments", e);
        }
    }

    /** How many notices wait for each slot. */
    public Map<String, Long> queuedBySlot() {
        return Jdbc.counts(
                dataSource,
                "queued notices",
                "SELECT slot, COUNT(*) FROM notice WHERE status = 'queued' GROUP BY slot ORDER BY slot");
    }

    public Optional<Notice> find(String id) {
        return queryOne("SELECT " + COLUMNS + " FROM notice WHERE id = ?", id);
    }

    public NoticePage list(NoticeFilter filter) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (filter.status() != null) {
            where.append(" AND status = ?");
            args.add(filter.status().wireName());
        }
        if (filter.category() != null) {
            where.append(" AND category = ?");
            args.add(filter.category().wireName());
        }
        if (filter.slot() != null) {
            where.append(" AND slot = ?");
            args.add(filter.slot());
        }
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM notice" + where)) {
                bind(count, args);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Notice> items;
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM notice" + where
                    + " ORDER BY created_at DESC, seq DESC LIMIT ? OFFSET ?")) {
                List<Object> pageArgs = new ArrayList<>(args);
                pageArgs.add(filter.size());
                pageArgs.add((long) (filter.page() - 1) * filter.size());
                bind(select, pageArgs);
                items = readAll(c, select);
            }
            return new NoticePage(items, filter.page(), filter.size(), total);
        } catch (SQLException e) {
            throw new StoreException("could not list notices", e);
        }
    }

    /**
     * Withdraws a queued notice. Empty when there is no such notice; a notice that has gone out is returned unchanged
     * so the caller can refuse.
     */
    public Optional<Withdrawal> withdraw(String id, OffsetDateTime now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(
                        "UPDATE notice SET status = 'withdrawn', withdrawn_at = ? WHERE id = ? AND status = 'queued'")) {
            update.setObject(1, now);
            update.setString(2, id);
            boolean changed = update.executeUpdate() == 1;
            return find(id).map(n -> new Withdrawal(n, changed));
        } catch (SQLException e) {
            throw new StoreException("could not withdraw the notice", e);
        }
    }

    private Optional<Notice> findByKeys(String externalId, String intakeKey) {
        if (externalId != null) {
            Optional<Notice> byExternal =
                    queryOne("SELECT " + COLUMNS + " FROM notice WHERE external_id = ?", externalId);
            if (byExternal.isPresent()) {
                return byExternal;
            }
        }
        if (intakeKey != null) {
            return queryOne("SELECT " + COLUMNS + " FROM notice WHERE intake_key = ?", intakeKey);
        }
        return Optional.empty();
    }

    private Optional<Notice> queryOne(String sql, String arg) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, arg);
            List<Notice> found = readAll(c, select);
            return found.stream().findFirst();
        } catch (SQLException e) {
            throw new StoreException("could not read notices", e);
        }
    }

    private void insertNotice(
            Connection c, String id, NoticeDraft d, String slot, String source, String intakeKey, OffsetDateTime now)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO notice (id, external_id, intake_key, source,"
                + " category, title, body, priority, audience, requires_receipt, receipt_deadline, not_before, author,"
                + " slot, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)")) {
            insert.setString(1, id);
            insert.setString(2, d.externalId());
            insert.setString(3, intakeKey);
            insert.setString(4, source);
            insert.setString(5, d.category().wireName());
            insert.setString(6, d.title());
            insert.setString(7, d.body());
            insert.setString(8, d.priority().wireName());
            insert.setString(9, writeAudience(d));
            insert.setBoolean(10, d.requiresReceipt());
            insert.setDate(11, d.receiptDeadline() == null ? null : Date.valueOf(d.receiptDeadline()));
            insert.setDate(12, d.notBefore() == null ? null : Date.valueOf(d.notBefore()));
            insert.setString(13, d.author());
            insert.setString(14, slot);
            insert.setObject(15, now);
            insert.executeUpdate();
        }
    }

    private static void insertAttachments(Connection c, String id, List<Attachment> attachments) throws SQLException {
        if (attachments.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO notice_attachment"
                + " (notice_id, position, name, content_type, size_bytes, content) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < attachments.size(); i++) {
                Attachment a = attachments.get(i);
                insert.setString(1, id);
                insert.setInt(2, i);
                insert.setString(3, a.name());
                insert.setString(4, a.contentType());
                insert.setInt(5, a.size());
                insert.setBytes(6, a.content());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private List<Notice> readAll(Connection c, PreparedStatement select) throws SQLException {
        List<Notice> notices = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                notices.add(read(rs, List.of()));
            }
        }
        if (notices.isEmpty()) {
            return notices;
        }
        Map<String, List<AttachmentInfo>> attachments =
                attachmentsOf(c, notices.stream().map(Notice::id).toList());
        List<Notice> complete = new ArrayList<>(notices.size());
        for (Notice n : notices) {
            complete.add(new Notice(
                    n.id(),
                    n.externalId(),
                    n.category(),
                    n.title(),
                    n.body(),
                    n.priority(),
                    n.audience(),
                    n.requiresReceipt(),
                    n.receiptDeadline(),
                    n.notBefore(),
                    attachments.getOrDefault(n.id(), List.of()),
                    n.author(),
                    n.slot(),
                    n.status(),
                    n.source(),
                    n.createdAt(),
                    n.withdrawnAt()));
        }
        return complete;
    }

    private static Map<String, List<AttachmentInfo>> attachmentsOf(Connection c, List<String> ids) throws SQLException {
        String marks = String.join(", ", ids.stream().map(i -> "?").toList());
        Map<String, List<AttachmentInfo>> byNotice = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT notice_id, name, content_type, size_bytes"
                + " FROM notice_attachment WHERE notice_id IN (" + marks + ") ORDER BY notice_id, position")) {
            bind(select, new ArrayList<>(ids));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    byNotice.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new AttachmentInfo(rs.getString(2), rs.getString(3), rs.getInt(4)));
                }
            }
        }
        return byNotice;
    }

    private Notice read(ResultSet rs, List<AttachmentInfo> attachments) throws SQLException {
        return new Notice(
                rs.getString("id"),
                rs.getString("external_id"),
                Category.BY_NAME.get(rs.getString("category")),
                rs.getString("title"),
                rs.getString("body"),
                Priority.valueOf(rs.getString("priority").toUpperCase(Locale.ROOT)),
                readAudience(rs.getString("audience")),
                rs.getBoolean("requires_receipt"),
                toLocalDate(rs.getDate("receipt_deadline")),
                toLocalDate(rs.getDate("not_before")),
                attachments,
                rs.getString("author"),
                rs.getString("slot"),
                NoticeStatus.fromWireName(rs.getString("status")).orElseThrow(),
                rs.getString("source"),
                toOfficeTime(rs.getObject("created_at", OffsetDateTime.class)),
                toOfficeTime(rs.getObject("withdrawn_at", OffsetDateTime.class)));
    }

    private OffsetDateTime toOfficeTime(OffsetDateTime time) {
        return time == null ? null : time.atZoneSameInstant(officeZone).toOffsetDateTime();
    }

    private static LocalDate toLocalDate(Date date) {
        return date == null ? null : date.toLocalDate();
    }

    private String writeAudience(NoticeDraft draft) {
        try {
            return mapper.writeValueAsString(AudienceJson.write(mapper, draft.audience()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audience cannot be written as JSON", e);
        }
    }

    private Audience readAudience(String json) {
        try {
            return AudienceJson.read(mapper.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored audience is not JSON: " + json, e);
        }
    }

    private static void bind(PreparedStatement statement, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            statement.setObject(i + 1, args.get(i));
        }
    }
}
