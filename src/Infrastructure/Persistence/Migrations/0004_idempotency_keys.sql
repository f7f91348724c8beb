-- Idempotency keys of POST requests, one row per org and key. A row is a claim while outcome is
-- null (expires_at is then the end of the claim's lease), and a completed record once outcome is
-- set, in the transaction of the request's own writes (expires_at is then the end of retention).
-- An expired row holds nothing: the next claim of its key takes it over, and claims purge expired
-- rows a few at a time, oldest first. request_hash and outcome are the API's own encodings.
CREATE TABLE idempotency_keys (
    org_id          uuid        NOT NULL REFERENCES orgs (id),
    idempotency_key text        NOT NULL CONSTRAINT idempotency_keys_key_format CHECK (idempotency_key ~ '^[\x20-\x7E]{1,255}$'),
    request_hash    bytea       NOT NULL CONSTRAINT idempotency_keys_request_hash_sha256 CHECK (octet_length(request_hash) = 32),
    claim_id        uuid        NOT NULL,
    outcome         text,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (org_id, idempotency_key)
);

-- The purge's oldest-first scan of expired rows.
CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);
