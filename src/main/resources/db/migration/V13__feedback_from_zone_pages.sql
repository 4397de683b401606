-- Zones answer from their own page too (via 'web'), besides email replies and the API.
ALTER TABLE feedback DROP CONSTRAINT feedback_via_known;
ALTER TABLE feedback ADD CONSTRAINT feedback_via_known CHECK (via IN ('email', 'api', 'web'));
