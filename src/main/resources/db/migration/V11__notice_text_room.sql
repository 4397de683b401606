-- Lengths are checked in characters (Unicode code points) where the notice is read; H2 counts a column's length in
-- UTF-16 units, in which a character outside the BMP (an emoji, a rare CJK ideograph) takes two. The text columns get
-- room for the longest text the checks accept, and the audience room for a directory-sized list of zone ids.
ALTER TABLE notice ALTER COLUMN title SET DATA TYPE VARCHAR(400);
ALTER TABLE notice ALTER COLUMN author SET DATA TYPE VARCHAR(200);
ALTER TABLE notice ALTER COLUMN external_id SET DATA TYPE VARCHAR(200);
ALTER TABLE notice ALTER COLUMN audience SET DATA TYPE VARCHAR(1000000);
ALTER TABLE notice_attachment ALTER COLUMN name SET DATA TYPE VARCHAR(510);
