-- Browsers signed in to the status page: the cookie carries a random session id, never the API token. Only hashes are
-- kept (of the id, and of the token it was opened with, which must still be in tokens.yaml for the session to count).
CREATE TABLE staff_session (
    id_sha256    VARCHAR(64) NOT NULL PRIMARY KEY,
    token_sha256 VARCHAR(64) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX staff_session_by_expiry ON staff_session (expires_at);
