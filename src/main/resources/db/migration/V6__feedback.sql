-- Feedback from zones: replies to bulletin emails (and later the API). A reply that cannot be matched to a zone is
-- kept too (zone_id NULL, matched FALSE) and listed, never dropped.
CREATE TABLE feedback (
    id          VARCHAR(36)   NOT NULL PRIMARY KEY,
    zone_id     VARCHAR(64),
    notice_id   VARCHAR(36)   REFERENCES notice (id),
    bulletin_id VARCHAR(36)   REFERENCES bulletin (id),
    delivery_id VARCHAR(36),
    via         VARCHAR(20)   NOT NULL,
    author      VARCHAR(320),
    subject     VARCHAR(500),
    body        VARCHAR(20000) NOT NULL,
    matched     BOOLEAN       NOT NULL,
    -- the mail's own Message-ID: the same mail read twice (a crash before it was moved) is stored once
    source_id   VARCHAR(500)  UNIQUE,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT feedback_via_known CHECK (via IN ('email', 'api'))
);

CREATE INDEX feedback_by_zone ON feedback (zone_id, received_at);
CREATE INDEX feedback_by_notice ON feedback (notice_id);
