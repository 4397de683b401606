package org.devzone.bulletin.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.devzone.bulletin.platform.Jdbc;
import org.devzone.bulletin.platform.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batches of a fan-out's emails in the ledger. A batch is claimed as one row ({@code waiting} to {@code sending}),
 * not one row a mail: H2 rewrites a row in every index of its table on any update, so claiming 50 mails one by one
 * cost a fifth of a fan-out's CPU. The holder of a batch is the only one that sends its mails; they stay where they
 * wait until their outcome is recorded, and readers show them as sending meanwhile. When every one of them went out,
 * that too is one row ({@code sent}); the sweep later writes it into the mails' rows, many batches a commit
 * ({@link DeliveryRecovery#fold}), and readers show them as sent meanwhile.
 */
public final class DeliveryBatches {

    /** A batch its holder hands back. */
    public record Hold(String batchId, String node) {}

    static final String RELEASE = "UPDATE delivery_batch SET status = 'waiting', claimed_by = NULL, updated_at = ?"
            + " WHERE id = ? AND status = 'sending' AND claimed_by = ?";

    /**
     * A delivery (unqualified columns of its table) that did not go out with its batch: a delivery still waiting in a
     * sent batch is sent, whatever its row says until the sweep writes it there.
     */
    static final String NOT_SENT_BY_BATCH = "(status NOT IN ('pending', 'retrying') OR batch_id IS NULL"
            + " OR batch_id NOT IN (SELECT id FROM delivery_batch WHERE status = 'sent'))";

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryBatches.class);

    private final DataSource dataSource;
    private final ZoneId officeZone;

    DeliveryBatches(DataSource dataSource, ZoneId officeZone) {
        this.dataSource = dataSource;
        this.officeZone = officeZone;
    }

    /**
     * Claims a batch for sending by process {@code node}: answers its deliveries still to be sent, each held as being
     * sent with this attempt counted; empty when someone else holds the batch (another consumer of this process too,
     * which is why only the one that claimed it may hand it back), or when nothing in it is left to send (it is done
     * then). The holder hands it back with {@link #release}, or with the record of what it sent ({@link
     * DeliveryStore#markAllSent}, {@link #markSent}), once the outcomes are recorded.
     */
    public List<Delivery> claim(String batchId, String node, OffsetDateTime now) {
        int claimed = Jdbc.update(
                dataSource,
                "a batch of deliveries",
                "UPDATE delivery_batch SET status = 'sending', claimed_by = ?, updated_at = ?"
                        + " WHERE id = ? AND status = 'waiting'",
                node,
                now,
                batchId);
        if (claimed == 0) {
            return List.of();
        }
        // The batch's rows, filtered here: asked for the status too, H2 walks every waiting delivery of the table.
        List<Delivery> held = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select =
                        c.prepareStatement("SELECT * FROM delivery WHERE batch_id = ? ORDER BY id")) {
            select.setString(1, batchId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Delivery d = DeliveryRows.read(rs, officeZone);
                    if (Delivery.Transition.CLAIM.allowedFrom(d.status())) {
                        held.add(d.heldInBatch());
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("could not read a batch of deliveries", e);
        }
        if (held.isEmpty()) {
            // Nothing left to send in it: done (each of its mails is recorded in its own row).
            Jdbc.update(
                    dataSource,
                    "a batch of deliveries",
                    "UPDATE delivery_batch SET status = 'done', claimed_by = NULL, updated_at = ?"
                            + " WHERE id = ? AND status = 'sending' AND claimed_by = ?",
                    now,
                    batchId,
                    node);
        }
        return held;
    }

    /** Hands a batch back: what is still waiting in it goes to whoever claims it next. */
    public void release(String batchId, String node, OffsetDateTime now) {
        Jdbc.update(dataSource, "a batch of deliveries", RELEASE, now, batchId, node);
    }

    /**
     * Records that every mail the holder claimed with its batch went out, on the batch's row, and hands the batch back
     * with it. False when the batch was no longer the holder's (the sweep took it back from a process it took for dead):
     * nothing is recorded then, and its mails will go out again.
     */
    public boolean markSent(Hold hold, OffsetDateTime now) {
        boolean marked = Jdbc.update(
                        dataSource,
                        "a batch of deliveries",
                        "UPDATE delivery_batch SET status = 'sent', claimed_by = NULL, updated_at = ?"
                                + " WHERE id = ? AND status = 'sending' AND claimed_by = ?",
                        now,
                        hold.batchId(),
                        hold.node())
                == 1;
        if (!marked) {
            LOG.warn(
                    "The batch {} was taken back before its mails were recorded as sent: they will go out again",
                    hold.batchId());
        }
        return marked;
    }

    /** The batch of a delivery that waits to be sent in one; null when it has none, or is sent or given up. */
    public String waitingBatchOf(String deliveryId) {
        List<String> batch = Jdbc.strings(
                dataSource,
                "deliveries",
                "SELECT batch_id FROM delivery WHERE id = ? AND batch_id IS NOT NULL AND status IN ('pending', 'retrying')"
                        + " AND " + NOT_SENT_BY_BATCH,
                deliveryId);
        return batch.isEmpty() ? null : batch.get(0);
    }
}
