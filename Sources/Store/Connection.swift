import CSQLite
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One SQLite connection and its prepared-statement cache.
///
/// `@unchecked Sendable` because the store confines each connection to one owner at a time,
/// and debug builds check it on every statement (`checkOwner()`, the way GRDB's scheduling
/// watchdog does):
/// - the write connection belongs to the thread that opened it until `Writer` takes it
///   (`confine(to:)`); from then on only the writer's serial queue may use it
///   (`dispatchPrecondition(.onQueue)`);
/// - a read connection belongs to the thread that checked it out of the `ReaderPool`
///   (`claim()` records `pthread_self()`), until it checks it back in (`release()`); using
///   it from another thread, or while it sits in the pool, traps.
/// The class itself does no locking (connections are opened SQLITE_OPEN_NOMUTEX for the
/// same reason).
final class Connection: @unchecked Sendable {
    let db: OpaquePointer
    /// Shared-cache in-memory databases lock per table: wait on SQLITE_LOCKED this long.
    let lockedRetryMillis: Int
    /// Statements of `SQL` cases, by raw value; prepared on first use and kept (persistent).
    private var cache: [Prepared?]
    /// List statements by family and filter combination (`ListFamily`, up to 32 shapes
    /// each), looked up by a small integer instead of hashing SQL text on every list.
    private var listCache: [Prepared?] = Array(repeating: nil, count: ListFamily.allCases.count * 32)
    /// Statements whose text is built at run time (EXPLAIN, resets, tests), by text.
    private var dynamicCache: [String: Prepared] = [:]
    private var isClosed = false
    /// The extended result code of the last failure this connection reported, for the
    /// store's own decisions (a UNIQUE violation means "exists"); never shown to dialects.
    private(set) var lastFailureCode: Int32 = SQLITE_OK

    #if DEBUG
    private enum Owner {
        case none
        case thread(pthread_t)
        case queue(DispatchQueue)
    }
    private var owner: Owner
    #endif

    private init(db: OpaquePointer, lockedRetryMillis: Int) {
        self.db = db
        self.lockedRetryMillis = lockedRetryMillis
        self.cache = Array(repeating: nil, count: SQL.allCases.count)
        #if DEBUG
        owner = .thread(pthread_self())
        #endif
    }

    // MARK: confinement

    /// Hands the connection to `queue` for good (the writer's queue).
    func confine(to queue: DispatchQueue) {
        #if DEBUG
        checkOwner()
        owner = .queue(queue)
        #endif
    }

    /// The calling thread checks the connection out (reader pool).
    func claim() {
        #if DEBUG
        if case .thread(let t) = owner, pthread_equal(t, pthread_self()) == 0 {
            preconditionFailure("read connection checked out while another thread holds it")
        }
        owner = .thread(pthread_self())
        #endif
    }

    /// The owning thread gives the connection back (reader pool).
    func release() {
        #if DEBUG
        checkOwner()
        owner = .none
        #endif
    }

    /// Debug builds trap unless the caller is the connection's owner (see the type's comment).
    @inline(__always)
    func checkOwner() {
        #if DEBUG
        switch owner {
        case .none:
            preconditionFailure("SQLite connection used while checked in to the reader pool")
        case .thread(let t):
            precondition(pthread_equal(t, pthread_self()) != 0, "SQLite connection used off the thread that checked it out")
        case .queue(let q):
            dispatchPrecondition(condition: .onQueue(q))
        }
        #endif
    }

    /// Whether the calling thread may use the connection now (always true in release builds,
    /// which do not track owners). For tests of the confinement itself.
    var isOwnedByCaller: Bool {
        #if DEBUG
        switch owner {
        case .none: return false
        case .thread(let t): return pthread_equal(t, pthread_self()) != 0
        case .queue: return false  // queues are checked with dispatchPrecondition
        }
        #else
        return true
        #endif
    }

    // MARK: opening

    /// Opens a connection. `readOnly` connections of a file database are opened
    /// SQLITE_OPEN_READONLY; those of a shared-cache memory database read uncommitted
    /// (see `StoreLocation`). The calling thread owns it until it hands it on.
    static func open(_ location: StoreLocation, readOnly: Bool, busyTimeoutMillis: Int,
                     cacheKiB: Int = 2000, mmapBytes: Int = 0) throws(StoreError) -> Connection {
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        if location.isMemory {
            flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_SHAREDCACHE
        } else if readOnly {
            flags |= SQLITE_OPEN_READONLY
        } else {
            flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(location.uri, &handle, flags, location.vfs)
        guard let db = handle else {
            throw StoreError(sqliteCode: rc, message: "cannot open \(location.uri): out of memory")
        }
        guard rc == SQLITE_OK else {
            let err = StoreError(sqliteCode: sqlite3_extended_errcode(db),
                                 message: "cannot open \(location.uri): " + String(cString: sqlite3_errmsg(db)))
            sqlite3_close_v2(db)
            throw err
        }
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, Int32(clamping: busyTimeoutMillis))
        _ = polytask_db_enable_defensive(db)
        _ = polytask_db_disable_double_quoted_strings(db)
        let conn = Connection(db: db, lockedRetryMillis: location.isMemory ? max(busyTimeoutMillis, 1) : 0)
        do {
            // Negative cache_size is in KiB.
            try conn.exec("PRAGMA cache_size = -\(max(cacheKiB, 64))")
            if !location.isMemory && mmapBytes > 0 { try conn.exec("PRAGMA mmap_size = \(mmapBytes)") }
            if location.isMemory && readOnly {
                // Shared cache locks whole tables; a reader taking read locks would make the
                // writer fail with SQLITE_LOCKED mid-transaction. Reading uncommitted takes no
                // table locks (the in-memory mode is for tests; see docs/store.md).
                try conn.exec("PRAGMA read_uncommitted = 1; PRAGMA query_only = 1;")
            }
        } catch {
            conn.close()
            throw error
        }
        return conn
    }

    // MARK: errors

    /// The current error of this connection, named (`StoreError(sqliteCode:)`), with
    /// `sqlite3_errmsg`'s text. Remembers the extended code in `lastFailureCode`.
    func lastError() -> StoreError {
        failure(sqlite3_extended_errcode(db), String(cString: sqlite3_errmsg(db)))
    }

    /// Named with the OS's errno too (`StoreError(sqliteCode:systemErrno:message:)`).
    private func failure(_ code: Int32, _ message: String) -> StoreError {
        lastFailureCode = code
        return StoreError(sqliteCode: code, systemErrno: sqlite3_system_errno(db), message: message)
    }

    // MARK: statements

    /// Runs SQL text without results (pragmas, schema, transaction control).
    func exec(_ sql: String) throws(StoreError) {
        checkOwner()
        var waited = 0
        while true {
            var msg: UnsafeMutablePointer<CChar>?
            let rc = sqlite3_exec(db, sql, nil, nil, &msg)
            if rc == SQLITE_OK { return }
            let text = msg.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(db))
            sqlite3_free(msg)
            if rc & 0xFF == SQLITE_LOCKED, waited < lockedRetryMillis {
                usleep(1000)
                waited += 1
                continue
            }
            throw failure(sqlite3_extended_errcode(db), text)
        }
    }

    /// Runs a pragma that returns one value and gives that value as text.
    func pragmaText(_ sql: String) throws(StoreError) -> String? {
        var st = try prepared(text: sql)
        defer { st.reset() }
        guard try st.step() else { return nil }
        return st.optionalText(0)
    }

    /// The cached statement for `sql`, reset and ready to bind.
    @inline(__always)
    func statement(_ sql: SQL) throws(StoreError) -> Statement {
        checkOwner()
        if let p = cache[sql.rawValue] { return Statement(prepared: p, connection: self) }
        let p = try prepare(sql.text)
        cache[sql.rawValue] = p
        return Statement(prepared: p, connection: self)
    }

    /// The cached list statement of a family's filter shape (0..<32); `text` builds its SQL
    /// once per connection.
    @inline(__always)
    func listStatement(_ family: ListFamily = .tasks, shape: Int, text: () -> String) throws(StoreError) -> Statement {
        checkOwner()
        let slot = family.rawValue * 32 + shape
        if let p = listCache[slot] { return Statement(prepared: p, connection: self) }
        let p = try prepare(text())
        listCache[slot] = p
        return Statement(prepared: p, connection: self)
    }

    /// The cached statement for run-time SQL text (a bounded set: resets, exports, EXPLAIN).
    func prepared(text: String) throws(StoreError) -> Statement {
        checkOwner()
        if let p = dynamicCache[text] { return Statement(prepared: p, connection: self) }
        let p = try prepare(text)
        dynamicCache[text] = p
        return Statement(prepared: p, connection: self)
    }

    private func prepare(_ text: String) throws(StoreError) -> Prepared {
        var handle: OpaquePointer?
        let rc = sqlite3_prepare_v3(db, text, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
        guard rc == SQLITE_OK, let h = handle else {
            let err = lastError()
            sqlite3_finalize(handle)
            throw err
        }
        return Prepared(handle: h)
    }

    /// Runs several statements in one (deferred) read transaction: one snapshot for all.
    func inReadTransaction<R>(_ body: () throws(StoreError) -> R) throws(StoreError) -> R {
        var begin = try statement(.begin)
        try begin.run()
        begin.reset()
        do {
            let r = try body()
            var end = try statement(.commit)
            defer { end.reset() }
            try end.run()
            return r
        } catch {
            var rb = try statement(.rollback)
            defer { rb.reset() }
            try? rb.run()
            throw error
        }
    }

    /// Number of rows the last INSERT/UPDATE/DELETE changed.
    var changes: Int { Int(sqlite3_changes(db)) }

    /// The rowid of the last row this connection inserted (a table's INTEGER PRIMARY KEY).
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(db) }

    /// True when no transaction is open (SQLite may roll one back by itself on I/O errors).
    var isAutocommit: Bool { sqlite3_get_autocommit(db) != 0 }

    /// Rows inserted, updated or deleted by this connection since it opened.
    var totalChanges: Int64 { sqlite3_total_changes64(db) }

    /// Finalizes every statement and closes. Its owner calls it, or anyone once nobody owns
    /// it (idle in the pool, or the pool closing).
    func close() {
        guard !isClosed else { return }
        #if DEBUG
        if case .none = owner {} else { checkOwner() }
        #endif
        isClosed = true
        for p in cache { p?.finalize() }
        for p in dynamicCache.values { p.finalize() }
        for p in listCache { p?.finalize() }
        listCache = []
        cache = []
        dynamicCache = [:]
        sqlite3_close_v2(db)
    }

    deinit {
        // The last reference is going away: nobody else can be using it.
        #if DEBUG
        owner = .none
        #endif
        close()
    }
}
