import CSQLite
import Dispatch
import Synchronization

/// The SQLite task store every dialect shares. The only code that touches SQL.
///
/// Design (docs/store.md): one writer queue owns the only write connection and group-commits
/// queued write bodies; reads run synchronously on a pool of read-only connections, which in
/// WAL mode see the last commit without waiting for the writer. Time comes from the injected
/// `Clock`; a read never returns an expired row, and a background sweeper deletes them.
public final class TaskStore: Sendable {
    /// SQLite 3.37 introduced STRICT tables, which schema.sql uses.
    public static let minimumSQLiteVersion: Int32 = 3_037_000

    /// Refuses a linked SQLite older than `minimumSQLiteVersion`, naming both versions.
    static func checkVersion(_ number: Int32, text: String) throws(StoreError) {
        guard number >= minimumSQLiteVersion else {
            throw .versionTooOld("SQLite \(text) is too old: polytask needs SQLite 3.37.0 or newer (for STRICT tables); install a newer libsqlite3")
        }
    }

    public let options: StoreOptions
    public let clock: any Clock
    let location: StoreLocation
    let writer: Writer
    /// Whether writes land; reports each change once (`WriteHealth.onChange`).
    public let writeHealth: WriteHealth
    let readers: ReaderPool
    /// Rendered answers valid until the next commit (see `ReadCache`); dialects key and fill it.
    public let readCache: ReadCache
    /// Background WAL checkpoints (nil for in-memory stores, or with `checkpointPages` 0).
    let checkpointer: Checkpointer?
    private let sweeper: Mutex<Sweeper?>
    private let closed = Atomic<Bool>(false)
    /// Expired tasks the background sweeper has deleted since the store opened.
    private let swept = Atomic<Int>(0)

    /// Opens (creating if needed) the database, applies schema.sql's pending migrations,
    /// opens the reader pool and starts the sweeper.
    public init(options: StoreOptions, clock: any Clock) throws(StoreError) {
        try TaskStore.checkVersion(sqlite3_libversion_number(), text: String(cString: sqlite3_libversion()))
        self.options = options
        self.clock = clock
        let location = StoreLocation(path: options.path, exclusiveLock: options.exclusiveLock)
        self.location = location
        let conn = try Connection.open(location, readOnly: false, busyTimeoutMillis: options.busyTimeoutMillis,
                                       cacheKiB: options.writerCacheKiB, mmapBytes: options.mmapBytes)
        do throws(StoreError) {
            let mode = try conn.pragmaText("PRAGMA journal_mode = WAL")?.lowercased()
            let expected = location.isMemory ? "memory" : "wal"
            guard mode == expected else {
                throw StoreError.invalid("cannot use WAL journal mode for \(options.path): SQLite answered \(mode ?? "nothing")")
            }
            // NORMAL in WAL: a commit is durable once the WAL is synced at checkpoint; a
            // power cut may lose the last commits but never corrupts. Process crashes lose nothing.
            try conn.exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            try Schema.apply(conn)
            self.readers = try ReaderPool(location: location, capacity: options.readers,
                                          busyTimeoutMillis: options.busyTimeoutMillis,
                                          cacheKiB: options.readerCacheKiB, mmapBytes: options.mmapBytes)
            if !location.isMemory && options.checkpointPages > 0 {
                let c = try Checkpointer(location: location, thresholdPages: options.checkpointPages,
                                         busyTimeoutMillis: options.busyTimeoutMillis)
                c.watch(conn)
                self.checkpointer = c
            } else {
                self.checkpointer = nil
            }
        } catch {
            conn.close()
            throw error
        }
        let health = WriteHealth()
        self.writeHealth = health
        // Another process may write a file this store does not lock: then nothing would tell
        // the cache, so it stays off.
        let cache = ReadCache(capacityBytes: options.exclusiveLock || location.isMemory ? options.readCacheBytes : 0)
        self.readCache = cache
        self.writer = Writer(connection: conn, groupCommitMax: options.groupCommitMax, clock: clock, health: health,
                             readCache: cache)
        self.sweeper = Mutex(nil)
        let batch = max(options.sweepBatch, 1)
        let s = Sweeper(intervalMillis: options.sweepIntervalMillis) { [weak self] done in
            guard let self else { done(false); return }
            self.write({ tx in try TaskStore.sweep(tx, batch: batch) }, completion: { [weak self] result in
                if case .success(let n) = result {
                    self?.swept.add(n, ordering: .relaxed)
                    done(n >= batch)
                } else {
                    done(false)
                }
            })
        }
        sweeper.withLock { $0 = s }
    }

    /// Expired tasks the background sweeper has deleted since the store opened (metrics).
    public var sweptTasks: Int { swept.load(ordering: .relaxed) }

    /// False once `close()` has begun.
    public var isOpen: Bool { !closed.load(ordering: .relaxed) }

    /// The schema version the database is at (`PRAGMA user_version`), 0 if unreadable.
    public var schemaVersion: Int { Int((try? scalar("PRAGMA user_version")) ?? 0) }

    /// Bytes of the database: pages in use times the page size (0 if unreadable).
    public var sizeBytes: Int64 {
        ((try? scalar("PRAGMA page_count")) ?? 0) * ((try? scalar("PRAGMA page_size")) ?? 0)
    }

    deinit {
        if !closed.load(ordering: .relaxed) {
            sweeper.withLock { $0?.stop() }
        }
    }

    /// Stops the sweeper, runs the writes already queued, checkpoints the WAL into the main
    /// file (TRUNCATE, so a clean shutdown leaves no WAL behind) and closes every connection.
    /// Later calls fail with `.closed`. Idempotent.
    public func close() {
        guard closed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        sweeper.withLock { $0?.stop(); $0 = nil }
        let memory = location.isMemory
        // First the background checkpoint (it waits for one that runs): two checkpoints at
        // once would leave the final TRUNCATE busy, and a WAL behind.
        let checkpointer = self.checkpointer
        checkpointer?.close()
        writer.close { conn in
            checkpointer?.unwatch(conn)
            if !memory { try? conn.exec("PRAGMA wal_checkpoint(TRUNCATE)") }
            conn.close()
        }
        readers.close()
    }

    // MARK: reads

    /// The full record (dependsOn filled), or nil if absent or expired. `now` (the clock's
    /// time if nil) is the time expiry is judged at: a `ReadCache.Ticket`'s.
    public func task(_ key: TaskKey, at now: Int64? = nil) throws(StoreError) -> TaskRecord? {
        let now = now ?? clock.nowMillis()
        return try readers.with { conn throws(StoreError) in try TaskStore.readTask(conn, key: key, now: now) }
    }

    /// Live tasks matching the query, newest first (createdAt DESC, then the newest insertion
    /// first), at most `limit`.
    /// `now` as in `task(_:at:)`.
    public func list(_ query: TaskQuery, at now: Int64? = nil) throws(StoreError) -> [TaskRecord] {
        let now = now ?? clock.nowMillis()
        let limit = min(max(query.limit, 0), 10_000)
        if limit == 0 { return [] }
        return try readers.with { conn throws(StoreError) in
            var st = try conn.listStatement(shape: TaskStore.listShape(query)) { TaskStore.listSQL(query) }
            defer { st.reset() }
            TaskStore.bindList(st, query, now: now, limit: limit)
            var out: [TaskRecord] = []
            out.reserveCapacity(min(limit, 64))
            var lastID: String?
            while try st.step() {
                var r = TaskRow.decode(st, dialect: query.dialect, tenant: query.tenant)
                // A task listing the same dependency twice yields two adjacent join rows.
                if query.dependsOn != nil, r.id == lastID { continue }
                lastID = r.id
                if query.full { try TaskRow.loadEdges(into: &r, st, conn) }
                // Moved, not copied: a copy retains every string of the record, and its
                // destruction releases them again (callgrind: about 8 % of a list request).
                out.append(consume r)
            }
            return out
        }
    }

    /// Ids of live tasks that depend on `key`: directly (newest first, ties newest insertion
    /// first), or transitively
    /// (breadth first: nearest first). The order cascade delete uses.
    public func dependents(of key: TaskKey, transitive: Bool) throws(StoreError) -> [String] {
        let now = clock.nowMillis()
        return try readers.with { conn throws(StoreError) in
            guard transitive else {
                return try TaskRow.dependents(conn, dialect: key.dialect, tenant: key.tenant, id: key.id, now: now)
            }
            // One read transaction for the whole walk, so it sees one snapshot of the graph.
            return try conn.inReadTransaction { () throws(StoreError) in
                try TaskRow.transitiveDependents(conn, dialect: key.dialect, tenant: key.tenant, id: key.id, now: now)
            }
        }
    }

    /// The live tasks of one task list (same external id) and the edges among them. An
    /// unknown list gives an empty graph.
    public func dependencyGraph(dialect: String, tenant: String, externalID: String) throws(StoreError) -> DependencyGraph {
        // Unbounded: Int.max tasks never stop the read.
        try dependencyGraph(dialect: dialect, tenant: tenant, externalID: externalID, maxTasks: Int.max)
            ?? DependencyGraph(tasks: [], dependents: [:], roots: [], leaves: [])
    }

    /// The same, or nil as soon as the list turns out to hold more than `maxTasks` live tasks
    /// (the read stops there: a graph too large to answer costs no more than the limit).
    public func dependencyGraph(dialect: String, tenant: String, externalID: String, maxTasks: Int) throws(StoreError) -> DependencyGraph? {
        let now = clock.nowMillis()
        return try readers.with { conn throws(StoreError) in
            var st = try conn.statement(.graphTasks)
            defer { st.reset() }
            st.bind(.dialect, dialect)
            st.bind(.tenant, tenant)
            st.bind(.externalID, externalID)
            st.bind(.now, now)
            var tasks: [TaskRecord] = []
            while try st.step() {
                if tasks.count >= maxTasks { return nil }
                var r = TaskRow.decode(st, dialect: dialect, tenant: tenant)
                try TaskRow.loadEdges(into: &r, st, conn)
                tasks.append(r)
            }
            return DependencyGraph.build(tasks)
        }
    }

    /// The key with this secret hash, or nil if unknown, expired or revoked.
    public func apiKey(secretHash: String) throws(StoreError) -> APIKeyRecord? {
        let now = clock.nowMillis()
        return try readers.with { conn throws(StoreError) in
            var st = try conn.statement(.apiKeyByHash)
            defer { st.reset() }
            st.bind(.secretHash, secretHash)
            st.bind(.now, now)
            return try st.step() ? APIKeyColumns.decode(st) : nil
        }
    }

    /// The live key with this id, or nil.
    public func apiKey(dialect: String, tenant: String, keyID: String) throws(StoreError) -> APIKeyRecord? {
        let now = clock.nowMillis()
        return try readers.with { conn throws(StoreError) in
            try TaskStore.readAPIKey(conn, dialect: dialect, tenant: tenant, keyID: keyID, now: now)
        }
    }

    /// The tenant's unexpired keys, newest first (ties in creation order, newest first).
    public func apiKeys(dialect: String, tenant: String) throws(StoreError) -> [APIKeyRecord] {
        let now = clock.nowMillis()
        return try readers.with { conn throws(StoreError) in
            try TaskStore.readAPIKeys(conn, dialect: dialect, tenant: tenant, now: now)
        }
    }

    public func setting(dialect: String, tenant: String, key: String) throws(StoreError) -> String? {
        try readers.with { conn throws(StoreError) in
            try TaskStore.readSetting(conn, dialect: dialect, tenant: tenant, key: key)
        }
    }

    // MARK: writes

    /// Writer counters (transactions and bodies): shows how much group commit is grouping.
    public var writeStatistics: WriteStatistics { writer.statistics }

    /// Queues `body` for the writer. It runs inside a BEGIN IMMEDIATE transaction shared with
    /// other queued bodies (group commit), in its own SAVEPOINT. `completion` gets the body's
    /// value after COMMIT, or its error (a thrown non-`StoreError` becomes `.invalid`), or the
    /// commit's error. Completions run on the writer queue and must be quick.
    public func write<T: Sendable>(_ body: @escaping @Sendable (inout WriteTransaction) throws -> T,
                                   completion: @escaping @Sendable (Result<T, StoreError>) -> Void) {
        if closed.load(ordering: .relaxed) { completion(.failure(.closed)); return }
        writer.submit(PendingWrite(body, completion: completion))
    }

    /// `write` that blocks the calling thread until the commit. Do not call it from a write
    /// body (that is refused with `.invalid`); calling it from a completion is fine.
    @discardableResult
    public func writeAndWait<T: Sendable>(_ body: @escaping @Sendable (inout WriteTransaction) throws -> T) throws(StoreError) -> T {
        if closed.load(ordering: .relaxed) { throw .closed }
        let box = Mutex<Result<T, StoreError>?>(nil)
        if writer.isOnQueue {
            writer.runInline(PendingWrite(body) { r in box.withLock { $0 = r } })
        } else {
            let done = DispatchSemaphore(value: 0)
            writer.submit(PendingWrite(body) { r in
                box.withLock { $0 = r }
                done.signal()
            })
            done.wait()
        }
        switch box.withLock({ $0 }) {
        case .success(let v)?: return v
        case .failure(let e)?: throw e
        case nil: throw .invalid("write finished without a result")
        }
    }

    /// Deletes up to `batch` expired tasks (their edges go with them), expired API keys and
    /// expired resources now, on the writer, and returns how many tasks went. The sweeper calls this on its
    /// timer; tests and the control plane may call it directly.
    @discardableResult
    public func sweepExpired(batch: Int? = nil) throws(StoreError) -> Int {
        let n = max(batch ?? options.sweepBatch, 1)
        return try writeAndWait { tx in try TaskStore.sweep(tx, batch: n) }
    }

    static func sweep(_ tx: WriteTransaction, batch: Int) throws(StoreError) -> Int {
        var st = try tx.connection.statement(.sweepTasks)
        defer { st.reset() }
        st.bind(.now, tx.now)
        st.bind(.limit, batch)
        try st.run()
        let deleted = tx.connection.changes
        var keys = try tx.connection.statement(.sweepAPIKeys)
        defer { keys.reset() }
        keys.bind(.now, tx.now)
        keys.bind(.limit, batch)
        try keys.run()
        var resources = try tx.connection.statement(.sweepResources)
        defer { resources.reset() }
        resources.bind(.now, tx.now)
        resources.bind(.limit, batch)
        try resources.run()
        return deleted
    }
}
