import CSQLite

/// What a write body can do. It exists only while the body runs, on the writer queue, inside
/// the group's BEGIN IMMEDIATE transaction: if the body throws, everything it did is rolled
/// back and the other bodies of the group are unaffected (`Writer` runs the group again with a
/// SAVEPOINT per body). A body may therefore run twice, the first run rolled back: it must
/// touch nothing but this transaction.
///
/// Every method sees the body's own earlier writes (same connection, same transaction).
/// Expired rows are absent here too, as in reads.
public struct WriteTransaction {
    /// Clock time when the group's transaction started: use it for createdAt/updatedAt so one
    /// body's timestamps agree with the expiry checks made on its behalf.
    public let now: Int64
    let connection: Connection

    init(now: Int64, connection: Connection) {
        self.now = now
        self.connection = connection
    }

    // MARK: tasks

    /// The full record (dependsOn filled), or nil if absent or expired.
    public func task(_ key: TaskKey) throws(StoreError) -> TaskRecord? {
        try TaskStore.readTask(connection, key: key, now: now)
    }

    /// Inserts a new task. `.duplicate` if a live task has the key (an expired one is replaced).
    /// With `validateDependencies`, every dependsOn id must be a live task (`.unknownDependency`);
    /// cycles are always rejected (`.cycle`), as any later walk of the graph relies on that.
    public func insert(_ r: TaskRecord, validateDependencies: Bool) throws(StoreError) {
        try checkDependencies(of: r, validate: validateDependencies)
        do {
            try writeRow(.insertTask, r)
        } catch .constraint where connection.lastFailureCode == SQLiteCode.constraintUnique {
            // The key exists. If that row has expired it is absent to everyone: replace it.
            var st = try connection.statement(.deleteExpiredKey)
            defer { st.reset() }
            bindKey(st, r.key)
            st.bind(.now, now)
            try st.run()
            guard connection.changes > 0 else { throw .duplicate(r.key) }
            try writeRow(.insertTask, r)
        }
        try writeEdges(of: r, seq: connection.lastInsertRowID, replacing: false)
    }

    /// Inserts, or replaces the row and its edges if the key exists (live or expired). A
    /// replaced row keeps its place in the insertion order.
    public func upsert(_ r: TaskRecord, validateDependencies: Bool) throws(StoreError) {
        try checkDependencies(of: r, validate: validateDependencies)
        try writeRow(.upsertTask, r)
        try writeEdges(of: r, seq: nil, replacing: true)
    }

    /// Replaces a live task's row and edges. `.notFound` if absent or expired.
    public func update(_ r: TaskRecord, validateDependencies: Bool) throws(StoreError) {
        try checkDependencies(of: r, validate: validateDependencies)
        var st = try connection.statement(.updateTask)
        defer { st.reset() }
        TaskColumns.set.bind(r, to: st)
        st.bind(.now, now)
        try st.run()
        guard connection.changes > 0 else { throw .notFound(r.key) }
        try writeEdges(of: r, seq: nil, replacing: true)
    }

    /// Deletes a live task and returns the deleted ids, `key.id` first. With `cascade`, every
    /// live task that depends on it, directly or transitively, goes too (nearest first);
    /// without, `.hasDependents(ids)` if any live task depends on it directly.
    public func delete(_ key: TaskKey, cascade: Bool) throws(StoreError) -> [String] {
        guard try exists(key) else { throw .notFound(key) }
        let dependents: [String]
        if cascade {
            dependents = try TaskRow.transitiveDependents(connection, dialect: key.dialect, tenant: key.tenant, id: key.id, now: now)
        } else {
            dependents = try TaskRow.dependents(connection, dialect: key.dialect, tenant: key.tenant, id: key.id, now: now)
            if !dependents.isEmpty { throw .hasDependents(dependents) }
        }
        let ids = [key.id] + dependents
        var st = try connection.statement(.deleteTask)
        defer { st.reset() }
        for id in ids {
            st.reset()
            st.bind(.dialect, key.dialect)
            st.bind(.tenant, key.tenant)
            st.bind(.id, id)
            try st.run()  // the task's own edges go with it (foreign key ON DELETE CASCADE)
        }
        return ids
    }

    /// Deletes every task of a tenant (with their edges) and returns how many rows went.
    /// API keys and settings stay: they are the tenant's configuration, not its data.
    public func deleteTenant(dialect: String, tenant: String) throws(StoreError) -> Int {
        var edges = try connection.statement(.deleteTenantEdges)
        defer { edges.reset() }
        edges.bind(.dialect, dialect)
        edges.bind(.tenant, tenant)
        try edges.run()
        var st = try connection.statement(.deleteTenantTasks)
        defer { st.reset() }
        st.bind(.dialect, dialect)
        st.bind(.tenant, tenant)
        try st.run()
        return connection.changes
    }

    // MARK: API keys and settings

    /// Inserts or replaces by (dialect, tenant, keyID). A secret hash already used by another
    /// key is rejected (`.invalid`): authentication must resolve a hash to one key.
    public func putAPIKey(_ k: APIKeyRecord) throws(StoreError) {
        var st = try connection.statement(.putAPIKey)
        defer { st.reset() }
        APIKeyColumns.set.bind(k, to: st)
        do {
            try st.run()
        } catch .constraint where connection.lastFailureCode == SQLiteCode.constraintUnique {
            throw .invalid("another API key already has this secret")
        }
    }

    /// Records that a key authenticated a request at `lastUsedAt`. False (and nothing
    /// written) if no live key has that id: one deleted or expired meanwhile stays gone.
    @discardableResult
    public func touchAPIKey(dialect: String, tenant: String, keyID: String, lastUsedAt: Int64) throws(StoreError) -> Bool {
        var st = try connection.statement(.touchAPIKey)
        defer { st.reset() }
        st.bind(.dialect, dialect)
        st.bind(.tenant, tenant)
        st.bind(.keyID, keyID)
        st.bind(.lastUsedAt, lastUsedAt)
        st.bind(.now, now)
        try st.run()
        return connection.changes > 0
    }

    /// The live key with this id, or nil.
    public func apiKey(dialect: String, tenant: String, keyID: String) throws(StoreError) -> APIKeyRecord? {
        try TaskStore.readAPIKey(connection, dialect: dialect, tenant: tenant, keyID: keyID, now: now)
    }

    /// Removes a key (revocation). False if there was none.
    public func deleteAPIKey(dialect: String, tenant: String, keyID: String) throws(StoreError) -> Bool {
        var st = try connection.statement(.deleteAPIKey)
        defer { st.reset() }
        st.bind(.dialect, dialect)
        st.bind(.tenant, tenant)
        st.bind(.keyID, keyID)
        try st.run()
        return connection.changes > 0
    }

    /// The tenant's unexpired keys, newest first.
    public func apiKeys(dialect: String, tenant: String) throws(StoreError) -> [APIKeyRecord] {
        try TaskStore.readAPIKeys(connection, dialect: dialect, tenant: tenant, now: now)
    }

    /// Sets a setting; nil deletes it.
    public func setSetting(dialect: String, tenant: String, key: String, value: String?) throws(StoreError) {
        var st = try connection.statement(value == nil ? .deleteSetting : .putSetting)
        defer { st.reset() }
        st.bind(.dialect, dialect)
        st.bind(.tenant, tenant)
        st.bind(.key, key)
        if let value { st.bind(.value, value) }
        try st.run()
    }

    public func setting(dialect: String, tenant: String, key: String) throws(StoreError) -> String? {
        try TaskStore.readSetting(connection, dialect: dialect, tenant: tenant, key: key)
    }

    // MARK: helpers

    private func seq(of key: TaskKey) throws(StoreError) -> Int64 {
        var st = try connection.statement(.seqOfTask)
        defer { st.reset() }
        bindKey(st, key)
        guard try st.step() else { throw .notFound(key) }
        return st.int64(0)
    }

    private func exists(_ key: TaskKey) throws(StoreError) -> Bool {
        var st = try connection.statement(.liveExists)
        defer { st.reset() }
        bindKey(st, key)
        st.bind(.now, now)
        return try st.step()
    }

    private func bindKey(_ st: Statement, _ key: TaskKey) {
        st.bind(.dialect, key.dialect)
        st.bind(.tenant, key.tenant)
        st.bind(.id, key.id)
    }

    /// Runs an INSERT or upsert of `r`'s row. Not `RETURNING seq`: SQLite runs a statement
    /// with RETURNING as one that may abort halfway, so inside a transaction it keeps a
    /// statement journal of every page the statement changes, which spills to a temporary
    /// file past 64 KiB. An insert's seq is `lastInsertRowID`; `writeEdges` looks it up
    /// otherwise.
    private func writeRow(_ sql: SQL, _ r: TaskRecord) throws(StoreError) {
        var st = try connection.statement(sql)
        defer { st.reset() }
        TaskColumns.set.bind(r, to: st)
        try st.run()
    }

    /// Writes `r`'s edges; each copies the task's created_at and seq (`task_edges_reverse`
    /// then lists dependents newest first with no sort).
    /// `seq` nil: the row's, looked up only if there are edges to write.
    private func writeEdges(of r: TaskRecord, seq: Int64?, replacing: Bool) throws(StoreError) {
        if replacing {
            var del = try connection.statement(.deleteEdges)
            defer { del.reset() }
            bindKey(del, r.key)
            try del.run()
        }
        guard !r.dependsOn.isEmpty else { return }
        let rowSeq: Int64
        if let seq { rowSeq = seq } else { rowSeq = try self.seq(of: r.key) }
        var st = try connection.statement(.insertEdge)
        defer { st.reset() }
        for (i, d) in r.dependsOn.enumerated() {
            st.reset()
            st.bind(.dialect, r.dialect)
            st.bind(.tenant, r.tenant)
            st.bind(.taskID, r.id)
            st.bind(.position, i)
            st.bind(.dependsOn, d)
            st.bind(.taskCreatedAt, r.createdAt)
            st.bind(.taskSeq, rowSeq)
            try st.run()
        }
    }

    /// Self-dependency and cycles always; unknown ids only when `validate`.
    private func checkDependencies(of r: TaskRecord, validate: Bool) throws(StoreError) {
        guard !r.dependsOn.isEmpty else { return }
        if r.dependsOn.contains(r.id) { throw .cycle([r.id, r.id]) }
        if validate {
            for d in r.dependsOn where try !exists(TaskKey(dialect: r.dialect, tenant: r.tenant, id: d)) {
                throw .unknownDependency(d)
            }
        }
        // A loop through r needs an edge into r. A new task usually has none (only seeds that
        // named it early do): one reverse-index probe then proves there is no cycle, so
        // inserting a long chain parent-first stays linear instead of walking the chain.
        var probe = try connection.statement(.anyDependent)
        defer { probe.reset() }
        bindKey(probe, r.key)
        let hasDependents = try probe.step()
        probe.reset()
        guard hasDependents else { return }
        if let path = try pathToTask(r.id, from: r.dependsOn, dialect: r.dialect, tenant: r.tenant) {
            throw .cycle([r.id] + path)
        }
    }

    /// Breadth-first walk of live tasks' forward edges from `starts`; the path from a start to
    /// `target` if one exists. Bounded by the graph size (each id expanded once).
    private func pathToTask(_ target: String, from starts: [String], dialect: String, tenant: String) throws(StoreError) -> [String]? {
        var parent: [String: String] = [:]
        var seen = Set<String>()
        var frontier: [String] = []
        for s in starts where seen.insert(s).inserted { frontier.append(s) }
        var next = 0
        while next < frontier.count {
            let current = frontier[next]
            next += 1
            // Absent or expired tasks have no live edges.
            guard try exists(TaskKey(dialect: dialect, tenant: tenant, id: current)) else { continue }
            for d in try TaskRow.edges(connection, dialect: dialect, tenant: tenant, id: current) {
                if d == target {
                    var path = [target, current]
                    var c = current
                    while let p = parent[c] { path.append(p); c = p }
                    return path.reversed()
                }
                if seen.insert(d).inserted {
                    parent[d] = current
                    frontier.append(d)
                }
            }
        }
        return nil
    }
}
