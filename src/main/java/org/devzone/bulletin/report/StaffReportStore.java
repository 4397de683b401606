package org.devzone.bulletin.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.devzone.bulletin.platform.StoreException;

/** The staff reports to send and sent: one row per report, keyed so that recording one twice records nothing. */
final class StaffReportStore {

    record Report(
            String key,
            String kind,
            String bulletinId,
            int attempts,
            OffsetDateTime coversFrom,
            OffsetDateTime coversTo) {}

    private final DataSource dataSource;

    StaffReportStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records a pending report; false when it is recorded already. */
    boolean record(
            String key,
            String kind,
            String bulletinId,
            OffsetDateTime coversFrom,
            OffsetDateTime coversTo,
            OffsetDateTime now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO staff_report (report_key, kind, bulletin_id, status, attempts, covers_from, covers_to,"
                                + " created_at) VALUES (?, ?, ?, 'pending', 0, ?, ?, ?)")) {
            insert.setString(1, key);
            insert.setString(2, kind);
            insert.setString(3, bulletinId);
            insert.setObject(4, coversFrom);
            insert.setObject(5, coversTo);
            insert.setObject(6, now);
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (StoreException.isDuplicateKey(e)) {
                return false;
            }
            throw new StoreException("could not record a staff report", e);
        }
    }

    /** Where the last feedback digest stopped, if there was one. */
    Optional<OffsetDateTime> lastCovered(String kind) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select =
                        c.prepareStatement("SELECT MAX(covers_to) FROM staff_report WHERE kind = ?")) {
            select.setString(1, kind);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return Optional.ofNullable(rs.getObject(1, OffsetDateTime.class));
            }
        } catch (SQLException e) {
            throw new StoreException("could not read staff reports", e);
        }
    }

    List<Report> pending() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT report_key, kind, bulletin_id, attempts, covers_from, covers_to FROM staff_report"
                                + " WHERE status = 'pending' ORDER BY created_at")) {
            List<Report> reports = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    reports.add(new Report(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getInt(4),
                            rs.getObject(5, OffsetDateTime.class),
                            rs.getObject(6, OffsetDateTime.class)));
                }
            }
            return reports;
        } catch (SQLException e) {
            throw new StoreException("could not read staff reports", e);
        }
    }

    void finish(String key, String status, String error, OffsetDateTime now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(
                        "UPDATE staff_report SET status = ?, attempts = attempts + 1, last_error = ?,"
                                + " sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END WHERE report_key = ?")) {
            update.setString(1, status);
            update.setString(2, error == null ? null : error.substring(0, Math.min(2000, error.length())));
            update.setString(3, status);
            update.setObject(4, now);
            update.setString(5, key);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not update a staff report", e);
        }
    }
}
