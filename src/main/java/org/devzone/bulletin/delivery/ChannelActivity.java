package org.devzone.bulletin.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.devzone.bulletin.platform.StoreException;

/**
 * What each channel did last, read from the delivery ledger: when it last delivered and its last failure. For the
 * admins' channels page; the ledger itself is {@link DeliveryStore}'s.
 */
public final class ChannelActivity {

    private final DataSource dataSource;

    public ChannelActivity(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** When a channel last delivered, and its last failure (when and why); null where there was none. */
    public record Activity(OffsetDateTime lastSent, OffsetDateTime lastErrorAt, String lastError) {}

    /**
     * What each chat robot and webhook did last, by its key ({@code wecom:wecom-dongzhou-etdz}: a QQ group's address
     * counts for its bot), and email's under {@code email}.
     */
    public Map<String, Activity> read() {
        Map<String, OffsetDateTime> sent = new HashMap<>();
        Map<String, OffsetDateTime> failedAt = new HashMap<>();
        Map<String, String> failure = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement select = c.prepareStatement(
                            "SELECT address, MAX(sent_at) FROM delivery WHERE channel <> 'email' AND status = 'sent'"
                                    + " GROUP BY address");
                    ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    sent.merge(
                            channelKey(rs.getString(1)), rs.getObject(2, OffsetDateTime.class), ChannelActivity::later);
                }
            }
            // A batch of emails that went out is on its own row until the sweep writes it into its mails' rows.
            try (PreparedStatement select = c.prepareStatement(
                            "SELECT MAX(sent_at) FROM delivery WHERE channel = 'email' AND status = 'sent'"
                                    + " UNION ALL SELECT MAX(updated_at) FROM delivery_batch WHERE status = 'sent'");
                    ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (rs.getObject(1) != null) {
                        sent.merge("email", rs.getObject(1, OffsetDateTime.class), ChannelActivity::later);
                    }
                }
            }
            try (PreparedStatement select = c.prepareStatement(
                            "SELECT channel, address, last_error, updated_at FROM delivery WHERE last_error IS NOT NULL"
                                    + " ORDER BY updated_at DESC LIMIT 1000");
                    ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1).equals("email") ? "email" : channelKey(rs.getString(2));
                    if (!failedAt.containsKey(key)) {
                        failedAt.put(key, rs.getObject(4, OffsetDateTime.class));
                        failure.put(key, rs.getString(3));
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the channels' activity", e);
        }
        Map<String, Activity> activity = new HashMap<>();
        for (String key : union(sent.keySet(), failedAt.keySet())) {
            activity.put(key, new Activity(sent.get(key), failedAt.get(key), failure.get(key)));
        }
        return activity;
    }

    /** {@code qq:office-qq/731000101} is {@code qq:office-qq}'s. */
    private static String channelKey(String address) {
        int slash = address.indexOf('/');
        return slash < 0 ? address : address.substring(0, slash);
    }

    private static OffsetDateTime later(OffsetDateTime a, OffsetDateTime b) {
        return a.isAfter(b) ? a : b;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
