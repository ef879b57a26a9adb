-- polytask task store schema: the only definition of the schema (embedded at build time).
--
-- Versioned with PRAGMA user_version. Each "-- @version N" section below is a forward
-- migration: on open, the store applies every section whose N is greater than the database's
-- user_version, in order, each in its own BEGIN IMMEDIATE transaction that ends by setting
-- user_version = N. Never edit a released section; append a new one.
--
-- Why the tables look like this (see docs/store.md):
-- * STRICT: a column holds the type it declares, so a bug cannot store '17' where 17 belongs.
-- * tasks is a rowid table keyed UNIQUE by (dialect, tenant, id). Rows carry vendor JSON that
--   can be kilobytes, which WITHOUT ROWID handles badly; list indexes then find rows by rowid.
-- * Every list query has an index whose column order is exactly (equality columns...,
--   created_at DESC, id DESC), so the plan is one index range walked in order: no sort step,
--   no scan, and LIMIT 50 reads 50 entries whatever the table size. expires_at is the last
--   index column so the TTL filter is checked in the index before the row is fetched.
-- * Dependency edges are keyed by text ids, not rowids, so a seed may name a task that is
--   created later; only the owning side (task_id) is a foreign key (ON DELETE CASCADE removes
--   a task's own edges with it). task_created_at copies the dependent's created_at so the
--   reverse index returns dependents newest first without a sort.

-- @version 1
CREATE TABLE tasks (
    dialect      TEXT    NOT NULL,
    tenant       TEXT    NOT NULL,
    id           TEXT    NOT NULL,
    external_id  TEXT,
    status       TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    assignee     TEXT,
    summary_json TEXT    NOT NULL DEFAULT '{}',
    detail_json  TEXT    NOT NULL DEFAULT '{}',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    started_at   INTEGER,
    completed_at INTEGER,
    expires_at   INTEGER,
    -- Number of edges in task_edges for this task: a point read skips the edge query when 0.
    dep_count    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (dialect, tenant, id)
) STRICT;

-- List: all tasks of a tenant, newest first.
CREATE INDEX tasks_by_created  ON tasks (dialect, tenant, created_at DESC, id DESC, expires_at);
-- List filtered by status (Quant ?status=, Amigo status filters).
CREATE INDEX tasks_by_status   ON tasks (dialect, tenant, status, created_at DESC, id DESC, expires_at);
-- List filtered by external id (Quant taskListId, Amigo call_sid, Chamelio task_id).
CREATE INDEX tasks_by_external ON tasks (dialect, tenant, external_id, created_at DESC, id DESC, expires_at)
    WHERE external_id IS NOT NULL;
-- List filtered by assignee (Quant assignedAgentId).
CREATE INDEX tasks_by_assignee ON tasks (dialect, tenant, assignee, created_at DESC, id DESC, expires_at)
    WHERE assignee IS NOT NULL;
-- The sweeper: expired rows in expiry order, without touching rows that never expire.
CREATE INDEX tasks_by_expiry   ON tasks (expires_at) WHERE expires_at IS NOT NULL;

-- "task_id depends on depends_on", position = index in the task's dependsOn list.
CREATE TABLE task_edges (
    dialect         TEXT    NOT NULL,
    tenant          TEXT    NOT NULL,
    task_id         TEXT    NOT NULL,
    position        INTEGER NOT NULL,
    depends_on      TEXT    NOT NULL,
    task_created_at INTEGER NOT NULL,
    PRIMARY KEY (dialect, tenant, task_id, position),
    FOREIGN KEY (dialect, tenant, task_id) REFERENCES tasks (dialect, tenant, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- Reverse: who depends on X (Quant ?dependsOn=X, cascade delete, dependency graph), newest first.
CREATE INDEX task_edges_reverse ON task_edges (dialect, tenant, depends_on, task_created_at DESC, task_id DESC);

CREATE TABLE api_keys (
    dialect          TEXT    NOT NULL,
    tenant           TEXT    NOT NULL,
    key_id           TEXT    NOT NULL,
    secret_hash      TEXT    NOT NULL,   -- hex SHA-256 of the secret; the secret is never stored
    name             TEXT,
    role             TEXT    NOT NULL,
    permissions_json TEXT    NOT NULL DEFAULT '[]',
    created_at       INTEGER NOT NULL,
    expires_at       INTEGER,
    created_by       TEXT,
    PRIMARY KEY (dialect, tenant, key_id)
) STRICT, WITHOUT ROWID;

-- Authentication looks a key up by the hash of the presented secret.
CREATE UNIQUE INDEX api_keys_by_hash ON api_keys (secret_hash);
CREATE INDEX api_keys_by_created ON api_keys (dialect, tenant, created_at DESC, key_id DESC);
CREATE INDEX api_keys_by_expiry  ON api_keys (expires_at) WHERE expires_at IS NOT NULL;

-- Per-tenant settings a dialect or the control plane keeps (policies, counters, flags).
CREATE TABLE settings (
    dialect TEXT NOT NULL,
    tenant  TEXT NOT NULL,
    key     TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (dialect, tenant, key)
) STRICT, WITHOUT ROWID;
