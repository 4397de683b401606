package org.devzone.bulletin.receipt;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.devzone.bulletin.platform.StoreException;

/**
 * Receipts (公文签收) and who owes one: a zone owes a receipt for every notice that requires one and reached it in a
 * published bulletin's edition, until it signs. The first signature is kept.
 */
public final class ReceiptStore {

    /** One zone's receipt for one notice: signed or not. */
    public record Row(
            String zoneId,
            String noticeId,
            String title,
            LocalDate deadline,
            LocalDate sentOn,
            OffsetDateTime signedAt) {}

    /** The outcome of signing: when, and whether this was the first time. */
    public record Signed(OffsetDateTime signedAt, boolean first) {}

    private static final String ADDRESSED = "SELECT e.zone_id, n.id, n.title, n.receipt_deadline, b.occurrence_date,"
            + " r.signed_at FROM edition_notice en"
            + " JOIN edition e ON e.id = en.edition_id"
            + " JOIN bulletin b ON b.id = e.bulletin_id AND b.status = 'published' AND b.kind <> 'reminder'"
            + " JOIN notice n ON n.id = en.notice_id AND n.requires_receipt = TRUE"
            + " LEFT JOIN receipt r ON r.notice_id = en.notice_id AND r.zone_id = e.zone_id";

    private final DataSource dataSource;
    private final ZoneId officeZone;

    public ReceiptStore(DataSource dataSource, ZoneId officeZone) {
        this.dataSource = dataSource;
        this.officeZone = officeZone;
    }

    /** Every zone a notice reached, signed or not, by zone. */
    public List<Row> forNotice(String noticeId) {
        return rows(ADDRESSED + " WHERE en.notice_id = ? ORDER BY e.zone_id", noticeId);
    }

    /** The one row of a zone for a notice, when the notice reached that zone and requires a receipt. */
    public Optional<Row> find(String noticeId, String zoneId) {
        return rows(ADDRESSED + " WHERE en.notice_id = ? AND e.zone_id = ?", noticeId, zoneId).stream()
                .findFirst();
    }

    /** Receipts still owed, by zone, then deadline (none last), then when sent; one zone's when {@code zoneId} is given. */
    public List<Row> pending(String zoneId) {
        String order = " ORDER BY e.zone_id, n.receipt_deadline NULLS LAST, b.occurrence_date, n.seq";
        return zoneId == null
                ? rows(ADDRESSED + " WHERE r.signed_at IS NULL" + order)
                : rows(ADDRESSED + " WHERE r.signed_at IS NULL AND e.zone_id = ?" + order, zoneId);
    }

    /** Receipts still owed for notices with a deadline whose reminder has not gone out, by notice. */
    public List<Row> pendingWithoutReminder() {
        return rows(ADDRESSED + " WHERE r.signed_at IS NULL AND n.receipt_deadline IS NOT NULL AND NOT EXISTS"
                + " (SELECT 1 FROM bulletin reminder WHERE reminder.occurrence_key = CONCAT('reminder@', n.id))"
                + " ORDER BY n.id, e.zone_id");
    }

    /** Every zone's receipt for the documents sent since {@code since}, by notice. */
    public List<Row> sentSince(LocalDate since) {
        return rows(
                ADDRESSED + " WHERE b.occurrence_date >= ? ORDER BY n.receipt_deadline NULLS LAST, n.seq, e.zone_id",
                since);
    }

    /** Records the receipt, or keeps the first one. */
    public Signed sign(String noticeId, String zoneId, OffsetDateTime now, String via, String client) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO receipt (notice_id, zone_id, signed_at, via, client) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, noticeId);
            insert.setString(2, zoneId);
            insert.setObject(3, now);
            insert.setString(4, via);
            insert.setString(5, client == null ? null : client.substring(0, Math.min(100, client.length())));
            insert.executeUpdate();
            return new Signed(now, true);
        } catch (SQLException e) {
            if (!StoreException.isDuplicateKey(e)) {
                throw new StoreException("could not record a receipt", e);
            }
        }
        OffsetDateTime first = find(noticeId, zoneId)
                .map(Row::signedAt)
                .orElseThrow(() -> new StoreException("a receipt vanished while being recorded", null));
        return new Signed(first, false);
    }

    private List<Row> rows(String sql, Object... args) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                select.setObject(i + 1, args[i]);
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime signed = rs.getObject(6, OffsetDateTime.class);
                    rows.add(new Row(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getObject(4, LocalDate.class),
                            rs.getObject(5, LocalDate.class),
                            signed == null
                                    ? null
                                    : signed.atZoneSameInstant(officeZone).toOffsetDateTime()));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new StoreException("could not read receipts", e);
        }
    }
}
