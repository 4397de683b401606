-- The editions of an assembled bulletin still to be written, a chunk of zones to a row, committed with the bulletin
-- itself. The editions are written chunk by chunk, each chunk's deliveries queued before the next is written, so that
-- the first mails of a bulletin to thousands of zones leave while the rest are written; a process that dies midway
-- leaves the rest here, and whoever publishes the bulletin (after a restart, or another node) writes them first.
CREATE TABLE edition_plan (
    bulletin_id VARCHAR(36)      NOT NULL REFERENCES bulletin (id),
    chunk       INTEGER          NOT NULL,
    -- one line a zone: its id, a tab, and the positions of its notices among the chunk's first line (notice ids)
    editions    VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (bulletin_id, chunk)
);
