-- 公文签收: a zone signed for a notice that required it. The first signature is kept; signing again changes nothing.
CREATE TABLE receipt (
    notice_id  VARCHAR(36)  NOT NULL REFERENCES notice (id),
    zone_id    VARCHAR(64)  NOT NULL,
    signed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    -- how it was signed: 'link' (the page behind a receipt link)
    via        VARCHAR(20)  NOT NULL,
    -- the client's address, for the office's records
    client     VARCHAR(100),
    PRIMARY KEY (notice_id, zone_id)
);

CREATE INDEX edition_notice_by_notice ON edition_notice (notice_id);

-- A reminder to sign is a bulletin of its own kind: one per notice, with an edition for each zone that had not signed.
ALTER TABLE bulletin DROP CONSTRAINT bulletin_kind_known;
ALTER TABLE bulletin ADD CONSTRAINT bulletin_kind_known CHECK (kind IN ('scheduled', 'urgent', 'reminder'));
