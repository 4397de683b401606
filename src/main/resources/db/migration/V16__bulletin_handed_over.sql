-- When a published bulletin was handed over (its deliveries all recorded and queued). A large fan-out records and
-- queues its emails in chunks, so that the first go out while the rest are recorded; a process that dies midway
-- leaves a bulletin published, with some deliveries and without this, and the sweep finishes its fan-out.
ALTER TABLE bulletin ADD COLUMN handed_over_at TIMESTAMP WITH TIME ZONE;
UPDATE bulletin SET handed_over_at = published_at
    WHERE status = 'published'
      AND (edition_count = 0 OR EXISTS (SELECT 1 FROM delivery d WHERE d.bulletin_id = bulletin.id));
