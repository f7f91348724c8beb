-- Authentication looks a key up by its id alone, before it knows the org, so an id must name one
-- key in the whole table, not only within its org. Ids are random (80 bits): this refuses only a
-- row that would make that lookup ambiguous.
DROP INDEX api_keys_key_id;
CREATE UNIQUE INDEX api_keys_key_id ON api_keys (key_id);
