-- Tenant tables carry org_id first in their primary and foreign keys, so the schema can be
-- distributed by org (e.g. Citus) without a rewrite. Enum columns hold the API's wire names.

CREATE TABLE orgs (
    id         uuid        PRIMARY KEY,
    slug       text        NOT NULL CONSTRAINT orgs_slug_format CHECK (slug ~ '^[a-z0-9-]{1,63}$'),
    created_at timestamptz NOT NULL,
    CONSTRAINT orgs_slug_key UNIQUE (slug)
);

CREATE TABLE projects (
    org_id     uuid        NOT NULL REFERENCES orgs (id),
    id         uuid        NOT NULL,
    name       text        NOT NULL CONSTRAINT projects_name_length CHECK (char_length(name) BETWEEN 1 AND 128),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (org_id, id)
);

CREATE TABLE api_keys (
    org_id      uuid        NOT NULL REFERENCES orgs (id),
    key_id      text        NOT NULL CONSTRAINT api_keys_key_id_format CHECK (key_id ~ '^[a-z2-7]{16}$'),
    name        text        NOT NULL,
    scopes      text[]      NOT NULL,
    secret_hash bytea       NOT NULL CONSTRAINT api_keys_secret_hash_sha256 CHECK (octet_length(secret_hash) = 32),
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    PRIMARY KEY (org_id, key_id)
);

-- Authentication finds a key by its (random, 80-bit) id before it knows the org.
CREATE INDEX api_keys_key_id ON api_keys (key_id);

CREATE TABLE influencers (
    org_id      uuid        NOT NULL,
    id          uuid        NOT NULL,
    project_id  uuid        NOT NULL,
    name        text        NOT NULL CONSTRAINT influencers_name_length CHECK (char_length(name) BETWEEN 1 AND 128),
    gender      text        NOT NULL CONSTRAINT influencers_gender_enum
                            CHECK (gender IN ('male', 'female', 'non_binary')),
    age_range   text                 CONSTRAINT influencers_age_range_enum
                            CHECK (age_range IN ('teen', 'young_adult', 'adult', 'mid_adult', 'mature', 'senior')),
    brand_voice text        NOT NULL CONSTRAINT influencers_brand_voice_enum
                            CHECK (brand_voice IN ('authentic', 'witty', 'professional', 'warm', 'casual', 'educational')),
    language    text        NOT NULL CONSTRAINT influencers_language_length CHECK (char_length(language) BETWEEN 1 AND 255),
    status      text        NOT NULL CONSTRAINT influencers_status_enum CHECK (status IN ('ready')),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    deleted_at  timestamptz,
    version     bigint      NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, project_id) REFERENCES projects (org_id, id)
);
