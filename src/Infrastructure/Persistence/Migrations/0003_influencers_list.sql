-- Listing an org's influencers newest first, keyset-paginated on (created_at, id). One index
-- serves both listings: all of an org's influencers read the first three columns in order; one
-- project's read the same range and compare project_id inside the index (an index condition), so
-- the rows of other projects are skipped without a visit to the table. Deleted rows never list.
CREATE INDEX influencers_org_id_created_at_id_project_id ON influencers (org_id, created_at DESC, id DESC, project_id)
    WHERE deleted_at IS NULL;

-- The key that list cursors are signed with (HMAC), one for every instance. Made here, from the
-- server's strong random source: gen_random_uuid() gives 122 random bits, two of them 244.
CREATE TABLE cursor_signing_key (
    singleton boolean PRIMARY KEY DEFAULT true CONSTRAINT cursor_signing_key_singleton CHECK (singleton),
    secret    bytea   NOT NULL CONSTRAINT cursor_signing_key_secret_length CHECK (octet_length(secret) = 32)
);

INSERT INTO cursor_signing_key (secret) VALUES (uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()));
