-- Notices queued by staff over REST or JMS. Portable SQL: runs unchanged on H2 2.x and PostgreSQL 13+.

CREATE TABLE notice (
    id               VARCHAR(36)    NOT NULL PRIMARY KEY,
    -- client key: the same externalId again returns the stored notice instead of a second one
    external_id      VARCHAR(100)   UNIQUE,
    -- transport key (a JMS message id when no externalId was given): a broker redelivery finds the first row
    intake_key       VARCHAR(200)   UNIQUE,
    source           VARCHAR(10)    NOT NULL,
    category         VARCHAR(20)    NOT NULL,
    title            VARCHAR(200)   NOT NULL,
    body             VARCHAR(65536) NOT NULL,
    priority         VARCHAR(10)    NOT NULL,
    audience         VARCHAR(20000) NOT NULL,
    requires_receipt BOOLEAN        NOT NULL,
    receipt_deadline DATE,
    not_before       DATE,
    author           VARCHAR(100)   NOT NULL,
    slot             VARCHAR(64)    NOT NULL,
    status           VARCHAR(20)    NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    withdrawn_at     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT notice_status_known CHECK (status IN ('queued', 'withdrawn', 'sent')),
    CONSTRAINT notice_priority_known CHECK (priority IN ('normal', 'urgent'))
);

CREATE INDEX notice_by_status_slot ON notice (status, slot);
CREATE INDEX notice_by_created ON notice (created_at);

CREATE TABLE notice_attachment (
    notice_id    VARCHAR(36)  NOT NULL REFERENCES notice (id),
    position     INTEGER      NOT NULL,
    name         VARCHAR(255) NOT NULL,
    content_type VARCHAR(255) NOT NULL,
    size_bytes   INTEGER      NOT NULL,
    content      BYTEA        NOT NULL,
    PRIMARY KEY (notice_id, position)
);
