-- A chat message too long for its channel goes out in numbered parts; the ledger remembers how many went, so a
-- retry after a failure in the middle sends only the rest.
ALTER TABLE delivery ADD COLUMN parts_sent INTEGER DEFAULT 0 NOT NULL;
