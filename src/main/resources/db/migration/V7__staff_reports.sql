-- The office's own reports, one per bulletin that carries one: the receipt matrix with each Monday bulletin, the
-- feedback digest with each midweek bulletin. Recorded when the bulletin is published, sent after (and retried), so a
-- report goes out once whatever fires the bulletin and however often the dispatcher restarts.
CREATE TABLE staff_report (
    report_key  VARCHAR(100) NOT NULL PRIMARY KEY,
    kind        VARCHAR(20)  NOT NULL,
    bulletin_id VARCHAR(36)  NOT NULL REFERENCES bulletin (id),
    status      VARCHAR(10)  NOT NULL,
    attempts    INTEGER      NOT NULL,
    last_error  VARCHAR(2000),
    -- what a feedback digest covers: received after covers_from, up to covers_to
    covers_from TIMESTAMP WITH TIME ZONE,
    covers_to   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT staff_report_kind_known CHECK (kind IN ('receipts', 'feedback')),
    CONSTRAINT staff_report_status_known CHECK (status IN ('pending', 'sent', 'dead'))
);

CREATE INDEX staff_report_by_status ON staff_report (status);
CREATE INDEX feedback_by_time ON feedback (received_at);
