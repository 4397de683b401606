package org.devzone.bulletin.bulletin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.devzone.bulletin.platform.StoreException;

/**
 * The cadence's own row in the database ({@code cadence_checkpoint}): when it last looked for due occurrences, so a
 * restart catches up from there, and when it first looked, so what was planned before the install is not "late".
 */
public final class CadenceCheckpoint {

    private final DataSource dataSource;
    private final ZoneId officeZone;

    public CadenceCheckpoint(DataSource dataSource, ZoneId officeZone) {
        this.dataSource = dataSource;
        this.officeZone = officeZone;
    }

    /** When the cadence last looked for due occurrences, if it ever did. */
    public Optional<OffsetDateTime> checkpoint() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select =
                        c.prepareStatement("SELECT checked_at FROM cadence_checkpoint WHERE id = 'cadence'");
                ResultSet rs = select.executeQuery()) {
            return rs.next() ? Optional.of(officeTime(rs.getObject(1, OffsetDateTime.class))) : Optional.empty();
        } catch (SQLException e) {
            throw new StoreException("could not read the cadence checkpoint", e);
        }
    }

    /** When the cadence first looked at the schedule on this database; empty for a database from before it was kept. */
    public Optional<OffsetDateTime> installedAt() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select =
                        c.prepareStatement("SELECT checked_at FROM cadence_checkpoint WHERE id = 'installed'");
                ResultSet rs = select.executeQuery()) {
            return rs.next() ? Optional.of(officeTime(rs.getObject(1, OffsetDateTime.class))) : Optional.empty();
        } catch (SQLException e) {
            throw new StoreException("could not read when the cadence started", e);
        }
    }

    public void saveCheckpoint(OffsetDateTime checkedAt) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update =
                        c.prepareStatement("UPDATE cadence_checkpoint SET checked_at = ? WHERE id = 'cadence'")) {
            update.setObject(1, checkedAt);
            if (update.executeUpdate() == 0) {
                // The first look ever: the cadence starts here, so what was planned before is not "late".
                for (String id : List.of("cadence", "installed")) {
                    try (PreparedStatement insert =
                            c.prepareStatement("INSERT INTO cadence_checkpoint (id, checked_at) VALUES (?, ?)")) {
                        insert.setString(1, id);
                        insert.setObject(2, checkedAt);
                        insert.executeUpdate();
                    } catch (SQLException e) {
                        if (!StoreException.isDuplicateKey(e)) {
                            throw e; // else another node wrote it first, which is as good
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("could not save the cadence checkpoint", e);
        }
    }

    private OffsetDateTime officeTime(OffsetDateTime time) {
        return time == null ? null : time.atZoneSameInstant(officeZone).toOffsetDateTime();
    }
}
