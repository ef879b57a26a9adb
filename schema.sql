-- polytask task store schema: the only definition of the schema (embedded at build time).
--
-- Versioned with PRAGMA user_version. Each "-- @version N" section below is a forward
-- migration: on open, the store applies every section whose N is greater than the database's
-- user_version, in order, each in its own BEGIN IMMEDIATE transaction that ends by setting
-- user_version = N. Never edit a released section; append a new one. A data change SQL
-- cannot express runs in Swift right after its section, in the same transaction
-- (Schema.dataMigrations); the section's comment says when there is one.
--
-- Why the tables look like this (see docs/store.md); this preamble describes the current
-- state, the sections how it came about:
-- * STRICT: a column holds the type it declares, so a bug cannot store '17' where 17 belongs.
-- * tasks is a rowid table keyed UNIQUE by (dialect, tenant, id). Rows carry vendor JSON that
--   can be kilobytes, which WITHOUT ROWID handles badly; list indexes then find rows by rowid.
--   Since version 2 the rowid is declared: seq INTEGER PRIMARY KEY AUTOINCREMENT, the
--   insertion order, which breaks created_at ties (the same for api_keys and resources).
-- * Every list query has an index whose column order is exactly (equality columns...,
--   created_at DESC, seq DESC), so the plan is one index range walked in order: no sort step,
--   no scan, and LIMIT 50 reads 50 entries whatever the table size. expires_at is the last
--   index column so the TTL filter is checked in the index before the row is fetched.
-- * Dependency edges are keyed by text ids, not rowids, so a seed may name a task that is
--   created later; only the owning side (task_id) is a foreign key (ON DELETE CASCADE removes
--   a task's own edges with it). task_created_at and task_seq copy the dependent's created_at
--   and seq so the reverse index returns dependents newest first without a sort.
-- * Credentials are stored one way: api_keys.secret_hash is a hex SHA-256 the store computes,
--   key_id is never the secret.

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

-- @version 2
-- Deterministic order, credentials stored one way, and the tables the agent-task and
-- Chamelio dialects and the control plane need (docs/store.md says why each looks this way).
--
-- * Insertion order. Tasks created in the same millisecond used to tie on created_at and
--   come back in the order of their random ids. Every listed table now has `seq`, its
--   rowid declared as INTEGER PRIMARY KEY AUTOINCREMENT: SQLite assigns it at insert,
--   strictly increasing and never reused (not even after the newest row is deleted), an
--   upsert that updates keeps it, and VACUUM cannot renumber it (it is a declared column).
--   Every list index ends (created_at DESC, seq DESC, ...) in place of (..., id DESC), so
--   plans stay sort-free and ties come back newest insertion first. A table's primary key
--   cannot be changed in place, so tasks, task_edges and api_keys are rebuilt: the old rowid
--   (which SQLite assigned as max+1, i.e. in insertion order among the live rows) becomes seq.
-- * task_edges copies its dependent's seq (task_seq) as it copies created_at, so "who
--   depends on X" is newest first with the same tie-break, from the index alone.
-- * api_keys: key metadata moves into columns (updated_at, last_used_at, state, owner);
--   Amigo kept updated_at/last_used_at as JSON in settings rows 'api_key:<key_id>', which are
--   moved here and deleted. Quant tokens were stored in plaintext: after this section's SQL
--   the store rehashes them in Swift in the same transaction (SQLite has no SHA-256), see
--   Schema.dataMigrations.
-- * resources: documents a dialect keeps that are not tasks (NLA agents, Chamelio workflow
--   definitions and uploaded files), listed newest first like tasks.
-- * counters: named per-store sequences (Chamelio's integer task ids, file ids).
-- * outbox / outbox_attempts: durable webhook deliveries, written in the transaction of the
--   state change that causes them, with every attempt recorded.

CREATE TABLE tasks_v2 (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
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
    dep_count    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (dialect, tenant, id)
) STRICT;

INSERT INTO tasks_v2 (seq, dialect, tenant, id, external_id, status, title, assignee, summary_json, detail_json,
                      created_at, updated_at, started_at, completed_at, expires_at, dep_count)
SELECT rowid, dialect, tenant, id, external_id, status, title, assignee, summary_json, detail_json,
       created_at, updated_at, started_at, completed_at, expires_at, dep_count
FROM tasks ORDER BY rowid;

CREATE TABLE task_edges_v2 (
    dialect         TEXT    NOT NULL,
    tenant          TEXT    NOT NULL,
    task_id         TEXT    NOT NULL,
    position        INTEGER NOT NULL,
    depends_on      TEXT    NOT NULL,
    task_created_at INTEGER NOT NULL,
    task_seq        INTEGER NOT NULL,
    PRIMARY KEY (dialect, tenant, task_id, position),
    FOREIGN KEY (dialect, tenant, task_id) REFERENCES tasks_v2 (dialect, tenant, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

INSERT INTO task_edges_v2 (dialect, tenant, task_id, position, depends_on, task_created_at, task_seq)
SELECT e.dialect, e.tenant, e.task_id, e.position, e.depends_on, e.task_created_at, t.seq
FROM task_edges AS e JOIN tasks_v2 AS t ON t.dialect = e.dialect AND t.tenant = e.tenant AND t.id = e.task_id;

-- Old edges first: with foreign_keys on, dropping tasks while they still referenced it
-- would cascade. Renaming tasks_v2 rewrites task_edges_v2's REFERENCES clause.
DROP TABLE task_edges;
DROP TABLE tasks;
ALTER TABLE tasks_v2 RENAME TO tasks;
ALTER TABLE task_edges_v2 RENAME TO task_edges;

CREATE INDEX tasks_by_created  ON tasks (dialect, tenant, created_at DESC, seq DESC, expires_at);
CREATE INDEX tasks_by_status   ON tasks (dialect, tenant, status, created_at DESC, seq DESC, expires_at);
CREATE INDEX tasks_by_external ON tasks (dialect, tenant, external_id, created_at DESC, seq DESC, expires_at)
    WHERE external_id IS NOT NULL;
CREATE INDEX tasks_by_assignee ON tasks (dialect, tenant, assignee, created_at DESC, seq DESC, expires_at)
    WHERE assignee IS NOT NULL;
CREATE INDEX tasks_by_expiry   ON tasks (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX task_edges_reverse ON task_edges (dialect, tenant, depends_on, task_created_at DESC, task_seq DESC);

CREATE TABLE api_keys_v2 (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    dialect          TEXT    NOT NULL,
    tenant           TEXT    NOT NULL,
    key_id           TEXT    NOT NULL,   -- a non-secret id (never the secret itself)
    secret_hash      TEXT    NOT NULL,   -- hex SHA-256 of the (namespaced) secret
    name             TEXT,
    role             TEXT    NOT NULL,
    permissions_json TEXT    NOT NULL DEFAULT '[]',
    state            TEXT    NOT NULL DEFAULT 'active',  -- the dialect's word: active, inactive, revoked, ...
    owner            TEXT,                               -- an owner (Chamelio: an email)
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    last_used_at     INTEGER,
    expires_at       INTEGER,
    created_by       TEXT,
    UNIQUE (dialect, tenant, key_id)
) STRICT;

INSERT INTO api_keys_v2 (dialect, tenant, key_id, secret_hash, name, role, permissions_json, created_at,
                         updated_at, last_used_at, expires_at, created_by)
SELECT k.dialect, k.tenant, k.key_id, k.secret_hash, k.name, k.role, k.permissions_json, k.created_at,
       coalesce(CASE WHEN json_valid(s.value) AND json_type(s.value, '$.updated_at') = 'integer'
                     THEN json_extract(s.value, '$.updated_at') END, k.created_at),
       CASE WHEN json_valid(s.value) AND json_type(s.value, '$.last_used_at') = 'integer'
            THEN json_extract(s.value, '$.last_used_at') END,
       k.expires_at, k.created_by
FROM api_keys AS k
LEFT JOIN settings AS s ON k.dialect = 'amigo' AND s.dialect = k.dialect AND s.tenant = k.tenant
                       AND s.key = 'api_key:' || k.key_id
ORDER BY k.created_at, k.key_id;

DELETE FROM settings WHERE dialect = 'amigo' AND substr(key, 1, 8) = 'api_key:';
DROP TABLE api_keys;
ALTER TABLE api_keys_v2 RENAME TO api_keys;

CREATE UNIQUE INDEX api_keys_by_hash ON api_keys (secret_hash);
CREATE INDEX api_keys_by_created ON api_keys (dialect, tenant, created_at DESC, seq DESC);
CREATE INDEX api_keys_by_expiry  ON api_keys (expires_at) WHERE expires_at IS NOT NULL;

-- Documents a dialect keeps besides tasks, by kind ("agent", "workflow", "file"): a JSON
-- body, optional bytes (file contents), an optional expiry (hidden from reads at once, swept).
CREATE TABLE resources (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    dialect    TEXT    NOT NULL,
    tenant     TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    body_json  TEXT    NOT NULL DEFAULT '{}',
    data       BLOB,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    expires_at INTEGER,
    UNIQUE (dialect, tenant, kind, id)
) STRICT;

CREATE INDEX resources_by_created ON resources (dialect, tenant, kind, created_at DESC, seq DESC, expires_at);
CREATE INDEX resources_by_expiry  ON resources (expires_at) WHERE expires_at IS NOT NULL;

-- Named sequences per dialect: nextSequence returns 1, 2, 3, ... per (dialect, name), across
-- tenants (Chamelio's task ids increase per store). Tenant resets keep them, so an id is
-- never handed out twice while anything may still refer to it.
CREATE TABLE counters (
    dialect TEXT    NOT NULL,
    name    TEXT    NOT NULL,
    value   INTEGER NOT NULL,
    PRIMARY KEY (dialect, name)
) STRICT, WITHOUT ROWID;

-- One row per event to deliver. status: pending (next_attempt_at says when), delivered,
-- undelivered (gave up; a replay makes it pending again). attempts counts every attempt
-- (they number outbox_attempts); round_attempts those since the last replay (what a retry
-- schedule counts).
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    dialect         TEXT    NOT NULL,
    tenant          TEXT    NOT NULL,
    event_id        TEXT    NOT NULL,
    target          TEXT    NOT NULL,
    headers_json    TEXT    NOT NULL DEFAULT '[]',
    body            BLOB    NOT NULL,
    created_at      INTEGER NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'undelivered')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    round_attempts  INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_status     INTEGER,
    last_error      TEXT,
    delivered_at    INTEGER,
    UNIQUE (dialect, event_id)
) STRICT;

-- The delivery worker: pending rows in due order.
CREATE INDEX outbox_due       ON outbox (status, next_attempt_at);
-- Listing a tenant's deliveries newest first, and resets.
CREATE INDEX outbox_by_tenant ON outbox (dialect, tenant, id DESC);

CREATE TABLE outbox_attempts (
    outbox_id   INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    attempt     INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    http_status INTEGER,
    error       TEXT,
    duration_ms INTEGER NOT NULL,
    PRIMARY KEY (outbox_id, attempt)
) STRICT, WITHOUT ROWID;
