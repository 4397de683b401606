-- The delivery ledger: one row per edition, channel and address, written before anything is sent.

CREATE TABLE delivery (
    id                  VARCHAR(36)   NOT NULL PRIMARY KEY,
    bulletin_id         VARCHAR(36)   NOT NULL REFERENCES bulletin (id),
    edition_id          VARCHAR(36)   NOT NULL REFERENCES edition (id),
    zone_id             VARCHAR(64)   NOT NULL,
    channel             VARCHAR(20)   NOT NULL,
    address             VARCHAR(320)  NOT NULL,
    -- pending: queued; sending: claimed by a consumer; sent; retrying: failed, will be tried again; dead: given up
    status              VARCHAR(20)   NOT NULL,
    attempts            INTEGER       NOT NULL,
    last_error          VARCHAR(2000),
    provider_message_id VARCHAR(300),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at             TIMESTAMP WITH TIME ZONE,
    CONSTRAINT delivery_once UNIQUE (edition_id, channel, address),
    CONSTRAINT delivery_status_known CHECK (status IN ('pending', 'sending', 'sent', 'retrying', 'dead'))
);

CREATE INDEX delivery_by_bulletin ON delivery (bulletin_id, channel, status);
CREATE INDEX delivery_by_status ON delivery (status);
