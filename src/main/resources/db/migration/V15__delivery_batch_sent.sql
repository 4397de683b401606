-- A batch whose mails all went out is recorded as sent on its own row, in the commit that hands it back: one row, where
-- marking 50 deliveries rewrote each in the eight maps of its table (a fifth of a fan-out's CPU, most of it the commit
-- writing those pages). Until the sweep writes the outcome into the deliveries' rows (and marks the batch done), readers
-- show a delivery still waiting in a sent batch as sent, at the batch's time.
--   waiting: no one holds it; sending: claimed_by is sending its mails;
--   sent: every mail that waited in it when it was claimed went out at updated_at (not yet written to their rows);
--   done: nothing of it left to record (its mails' rows say what became of each).
ALTER TABLE delivery_batch DROP CONSTRAINT delivery_batch_status_known;
ALTER TABLE delivery_batch ADD CONSTRAINT delivery_batch_status_known
    CHECK (status IN ('waiting', 'sending', 'sent', 'done'));
