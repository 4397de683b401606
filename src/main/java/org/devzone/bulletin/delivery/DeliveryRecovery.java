package org.devzone.bulletin.delivery;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.devzone.bulletin.platform.Jdbc;

/**
 * The ledger as the sweep reads it: claims a stopped process left behind (handed back to be tried again), deliveries
 * waiting too long to be queued again, and those not finished at all. Every change is guarded like the sending path's
 * ({@link Delivery.Transition}), so a delivery that was sent meanwhile is never touched. Of a batch of emails one
 * delivery is answered, standing for the batch: queued on its own, it is sent with the rest of its batch.
 */
public final class DeliveryRecovery {

    private final DataSource dataSource;

    public DeliveryRecovery(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Writes what up to {@code limit} sent batches say into their deliveries' rows (sent at the batch's time, the
     * attempt counted, the Message-ID) and marks them done, in one commit; answers how many batches it wrote. While a
     * fan-out is under way (a batch waits or is being sent, and changed since {@code busyBefore}: one left waiting
     * longer, on a server that keeps failing, does not count) only batches sent before {@code busyBefore}: the rows
     * are rewritten when the consumers are idle, not while they send.
     */
    public int fold(int limit, OffsetDateTime busyBefore) {
        return Jdbc.inTransaction(dataSource, "record sent batches in their deliveries", c -> {
            Map<String, OffsetDateTime> sent = new LinkedHashMap<>();
            try (PreparedStatement select = c.prepareStatement("SELECT id, updated_at FROM delivery_batch"
                    + " WHERE status = 'sent' AND (updated_at < ? OR NOT EXISTS (SELECT 1 FROM delivery_batch"
                    + " WHERE status IN ('waiting', 'sending') AND updated_at >= ?)) ORDER BY id LIMIT " + limit)) {
                select.setObject(1, busyBefore);
                select.setObject(2, busyBefore);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        sent.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class));
                    }
                }
            }
            try (PreparedStatement mails = c.prepareStatement("UPDATE delivery SET status = 'sent', attempts ="
                            + " attempts + 1, last_error = NULL, provider_message_id = "
                            + DeliveryRows.batchMessageId("delivery") + ", sent_at = ?, updated_at = ?"
                            + " WHERE batch_id = ? AND status IN ('pending', 'retrying')");
                    PreparedStatement done = c.prepareStatement(
                            "UPDATE delivery_batch SET status = 'done' WHERE id = ? AND status = 'sent'")) {
                for (Map.Entry<String, OffsetDateTime> batch : sent.entrySet()) {
                    mails.setObject(1, batch.getValue());
                    mails.setObject(2, batch.getValue());
                    mails.setString(3, batch.getKey());
                    mails.addBatch();
                    done.setString(1, batch.getKey());
                    done.addBatch();
                }
                if (!sent.isEmpty()) {
                    mails.executeBatch();
                    done.executeBatch();
                }
            }
            return sent.size();
        });
    }

    /** Deliveries a process claimed and never finished (it died): back to retrying, to be queued again. */
    public List<String> releaseClaimsOf(String node, OffsetDateTime now) {
        String owned = Delivery.Transition.INTERRUPT.guard() + " AND claimed_by = ?";
        List<String> released = interrupt(owned, node, now);
        released.addAll(releaseBatches("status = 'sending' AND claimed_by = ?", node, now));
        return released;
    }

    /**
     * Claims older than {@code claimedBefore} whose process is not known (made before processes were recorded, or by a
     * process already forgotten): back to retrying, to be queued again.
     */
    public List<String> releaseUnownedClaims(OffsetDateTime claimedBefore, OffsetDateTime now) {
        String unowned = " AND updated_at < ? AND (claimed_by IS NULL"
                + " OR claimed_by NOT IN (SELECT id FROM dispatcher_node))";
        List<String> released = interrupt(Delivery.Transition.INTERRUPT.guard() + unowned, claimedBefore, now);
        released.addAll(releaseBatches("status = 'sending'" + unowned, claimedBefore, now));
        return released;
    }

    /**
     * Hands back each batch the condition (with its one argument) finds: what waits in it goes to whoever claims it
     * next. Answers one waiting delivery of each, to queue again.
     */
    private List<String> releaseBatches(String condition, Object argument, OffsetDateTime now) {
        List<String> released = new ArrayList<>();
        for (String batch : handBack("delivery_batch", "status = 'waiting'", condition, argument, now)) {
            Jdbc.strings(
                            dataSource,
                            "deliveries",
                            "SELECT MIN(CASE WHEN status IN ('pending', 'retrying') THEN id END) FROM delivery"
                                    + " WHERE batch_id = ?",
                            batch)
                    .stream()
                    .filter(Objects::nonNull)
                    .forEach(released::add);
        }
        return released;
    }

    /** Hands back each claim the condition (with its one argument) finds; answers those this call handed back. */
    private List<String> interrupt(String condition, Object argument, OffsetDateTime now) {
        return handBack(
                "delivery", "status = 'retrying', last_error = 'interrupted while sending'", condition, argument, now);
    }

    /**
     * Sets {@code change} (and frees the claim) on each row of {@code table} the condition finds, one row at a time and
     * guarded by the condition again, so a row that changed meanwhile is left alone; answers the ids this call changed.
     */
    private List<String> handBack(String table, String change, String condition, Object argument, OffsetDateTime now) {
        List<String> changed = new ArrayList<>();
        for (String id : Jdbc.strings(dataSource, table, "SELECT id FROM " + table + " WHERE " + condition, argument)) {
            if (Jdbc.update(
                            dataSource,
                            table,
                            "UPDATE " + table + " SET " + change
                                    + ", claimed_by = NULL, updated_at = ? WHERE id = ? AND " + condition,
                            now,
                            id,
                            argument)
                    == 1) {
                changed.add(id);
            }
        }
        return changed;
    }

    /**
     * Deliveries waiting (pending or retrying, and not in a batch that went out) and untouched since {@code before}, oldest first, at most {@code limit}:
     * marked as touched now, so that the next sweep leaves them alone for as long again.
     */
    public List<String> touchStalled(OffsetDateTime before, OffsetDateTime now, int limit) {
        List<String> ids = Jdbc.strings(
                dataSource,
                "deliveries",
                "SELECT MIN(id) FROM delivery WHERE status IN ('pending', 'retrying') AND updated_at < ? AND "
                        + DeliveryBatches.NOT_SENT_BY_BATCH
                        + " GROUP BY COALESCE(batch_id, id) ORDER BY MIN(updated_at) LIMIT " + limit,
                before);
        List<String> touched = new ArrayList<>();
        for (String id : ids) {
            if (Jdbc.update(
                            dataSource,
                            "a delivery",
                            "UPDATE delivery SET updated_at = ? WHERE status IN ('pending', 'retrying') AND updated_at < ?"
                                    + " AND (id = ? OR batch_id = (SELECT batch_id FROM delivery WHERE id = ?))",
                            now,
                            before,
                            id,
                            id)
                    > 0) {
                touched.add(id);
            }
        }
        return touched;
    }

    /** Deliveries waiting to be sent (pending or retrying, and not in a batch that went out), oldest first. */
    public List<String> unfinished() {
        return Jdbc.strings(
                dataSource,
                "deliveries",
                "SELECT MIN(id) FROM delivery WHERE status IN ('pending', 'retrying') AND "
                        + DeliveryBatches.NOT_SENT_BY_BATCH
                        + " GROUP BY COALESCE(batch_id, id) ORDER BY MIN(created_at)");
    }
}
