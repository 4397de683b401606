-- A fan-out's emails are claimed a batch at a time: one row changes when a consumer takes a batch of 50 mails, where
-- each mail's own row changed before. (H2 rewrites a row in every index of its table on any UPDATE, whatever the
-- columns changed: six indexes for each of 50 rows, a fifth of a fan-out's CPU.) A delivery with a batch is only ever
-- sent by the holder of its batch; while its batch is held, readers show it as sending.
CREATE TABLE delivery_batch (
    id          VARCHAR(36) NOT NULL PRIMARY KEY,
    bulletin_id VARCHAR(36) NOT NULL,
    -- waiting: no one holds it; sending: claimed_by is sending its mails
    status      VARCHAR(20) NOT NULL,
    claimed_by  VARCHAR(36),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT delivery_batch_status_known CHECK (status IN ('waiting', 'sending'))
);
CREATE INDEX delivery_batch_by_status ON delivery_batch (status);

ALTER TABLE delivery ADD COLUMN batch_id VARCHAR(36);
CREATE INDEX delivery_by_batch ON delivery (batch_id);
-- Declared after the index, so that H2 uses it rather than make one more.
ALTER TABLE delivery ADD CONSTRAINT delivery_in_batch FOREIGN KEY (batch_id) REFERENCES delivery_batch (id);
