-- One project's listing, newest first, keyset-paginated on (created_at, id), as a range of its
-- own: a page reads its rows and no others. In influencers_org_id_created_at_id_project_id, a
-- project with fewer rows than a page (none, or a few old ones) was looked for through the org's
-- whole range. That index now serves the org's listing only; no statement reads its project_id,
-- but dropping it would lock influencers against reads too until this migration commits.
-- Built in the migration's transaction, not CONCURRENTLY: PostgreSQL refuses that in a
-- transaction, and the migrator (DbUp, one transaction mode for every script) always opens one.
-- Writes to influencers wait while it builds; reads do not.
CREATE INDEX influencers_org_id_project_id_created_at_id ON influencers (org_id, project_id, created_at DESC, id DESC)
    WHERE deleted_at IS NULL;
