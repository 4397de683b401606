package org.devzone.bulletin.notice;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.devzone.bulletin.platform.StoreException;

/**
 * The queue as bulletins read it: the queued notices due for a slot and the urgent ones, in the order they go out.
 * Taking a notice (queued to scheduled) happens in the bulletin's own transaction, which makes it go out once.
 */
public final class QueuedNotices {

    /** A queued notice a bulletin may take, with its audience (JSON). */
    public record Candidate(String id, String audience) {}

    private final DataSource dataSource;

    public QueuedNotices(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Queued notices of these categories whose notBefore has come: urgent first, then oldest first. */
    public List<Candidate> candidates(List<String> categories, LocalDate date, int limit) {
        String marks = String.join(", ", categories.stream().map(c -> "?").toList());
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT id, audience FROM notice WHERE status = 'queued'"
                        + " AND category IN (" + marks + ") AND (not_before IS NULL OR not_before <= ?)"
                        + " ORDER BY CASE WHEN priority = 'urgent' THEN 0 ELSE 1 END, created_at, seq LIMIT ?")) {
            int i = 1;
            for (String category : categories) {
                select.setString(i++, category);
            }
            select.setDate(i++, Date.valueOf(date));
            select.setInt(i, limit);
            return readCandidates(select);
        } catch (SQLException e) {
            throw new StoreException("could not select notices for a bulletin", e);
        }
    }

    /** The slot a notice was queued for. */
    public String slotOf(String noticeId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT slot FROM notice WHERE id = ?")) {
            select.setString(1, noticeId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no notice " + noticeId);
                }
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the notice's slot", e);
        }
    }

    /** Queued urgent notices whose notBefore has come, oldest first. */
    public List<Candidate> urgentCandidates(LocalDate date) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT id, audience FROM notice WHERE status = 'queued'"
                                + " AND priority = 'urgent' AND (not_before IS NULL OR not_before <= ?) ORDER BY created_at, seq")) {
            select.setDate(1, Date.valueOf(date));
            return readCandidates(select);
        } catch (SQLException e) {
            throw new StoreException("could not select urgent notices", e);
        }
    }

    private static List<Candidate> readCandidates(PreparedStatement select) throws SQLException {
        List<Candidate> candidates = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                candidates.add(new Candidate(rs.getString(1), rs.getString(2)));
            }
        }
        return candidates;
    }
}
