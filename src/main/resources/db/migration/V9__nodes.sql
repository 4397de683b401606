-- The dispatcher processes using this database, each with the time it last said it is alive (the database's clock),
-- and which of them claimed a delivery: a claim is taken back only when its process has stopped, never because the
-- sending is slow.
CREATE TABLE dispatcher_node (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    host       VARCHAR(255) NOT NULL,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    seen_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

ALTER TABLE delivery ADD COLUMN claimed_by VARCHAR(36);
CREATE INDEX delivery_by_claimant ON delivery (claimed_by);

-- The process that assembled a bulletin: one left assembled by a process that died is published by the others.
ALTER TABLE bulletin ADD COLUMN assembled_by VARCHAR(36);
