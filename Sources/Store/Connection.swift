import CSQLite
import Glibc

/// One SQLite connection and its prepared-statement cache.
///
/// `@unchecked Sendable` because the store confines each connection to one thread at a time
/// by construction: the write connection is only used on the writer's serial queue, and a
/// read connection is only used by the thread that checked it out of the `ReaderPool` until
/// it checks it back in. The class itself does no locking (connections are opened with
/// SQLITE_OPEN_NOMUTEX for the same reason).
final class Connection: @unchecked Sendable {
    let db: OpaquePointer
    /// Shared-cache in-memory databases lock per table: wait on SQLITE_LOCKED this long.
    let lockedRetryMillis: Int
    /// Statements of `SQL` cases, by raw value; prepared on first use and kept (persistent).
    private var cache: [OpaquePointer?]
    /// List statements by filter combination (`TaskStore.listShape`): 32 possible shapes,
    /// looked up by a small integer instead of hashing SQL text on every list.
    private var listCache: [OpaquePointer?] = Array(repeating: nil, count: 32)
    /// Statements whose text is built at run time (EXPLAIN, tests), by text.
    private var dynamicCache: [String: OpaquePointer] = [:]
    private var isClosed = false

    private init(db: OpaquePointer, lockedRetryMillis: Int) {
        self.db = db
        self.lockedRetryMillis = lockedRetryMillis
        self.cache = Array(repeating: nil, count: SQL.allCases.count)
    }

    /// Opens a connection. `readOnly` connections of a file database are opened
    /// SQLITE_OPEN_READONLY; those of a shared-cache memory database read uncommitted
    /// (see `StoreLocation`).
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
            throw .sqlite(code: rc, message: "cannot open \(location.uri): out of memory")
        }
        guard rc == SQLITE_OK else {
            let err = StoreError.sqlite(code: sqlite3_extended_errcode(db), message: String(cString: sqlite3_errmsg(db)))
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

    /// The current error of this connection: extended result code and message.
    func lastError() -> StoreError {
        .sqlite(code: sqlite3_extended_errcode(db), message: String(cString: sqlite3_errmsg(db)))
    }

    /// Runs SQL text without results (pragmas, schema, transaction control).
    func exec(_ sql: String) throws(StoreError) {
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
            throw .sqlite(code: sqlite3_extended_errcode(db), message: text)
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
        if let h = cache[sql.rawValue] { return Statement(handle: h, connection: self) }
        let h = try prepare(sql.text)
        cache[sql.rawValue] = h
        return Statement(handle: h, connection: self)
    }

    /// The cached list statement of a filter shape (0..<32); `text` builds its SQL once.
    @inline(__always)
    func listStatement(shape: Int, text: () -> String) throws(StoreError) -> Statement {
        if let h = listCache[shape] { return Statement(handle: h, connection: self) }
        let h = try prepare(text())
        listCache[shape] = h
        return Statement(handle: h, connection: self)
    }

    /// The cached statement for run-time SQL text (a bounded set: list filter combinations).
    func prepared(text: String) throws(StoreError) -> Statement {
        if let h = dynamicCache[text] { return Statement(handle: h, connection: self) }
        let h = try prepare(text)
        dynamicCache[text] = h
        return Statement(handle: h, connection: self)
    }

    private func prepare(_ text: String) throws(StoreError) -> OpaquePointer {
        var handle: OpaquePointer?
        let rc = sqlite3_prepare_v3(db, text, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
        guard rc == SQLITE_OK, let h = handle else {
            let err = lastError()
            sqlite3_finalize(handle)
            throw err
        }
        return h
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

    /// True when no transaction is open (SQLite may roll one back by itself on I/O errors).
    var isAutocommit: Bool { sqlite3_get_autocommit(db) != 0 }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        for h in cache { if let h { sqlite3_finalize(h) } }
        for h in dynamicCache.values { sqlite3_finalize(h) }
        for h in listCache { if let h { sqlite3_finalize(h) } }
        listCache = []
        cache = []
        dynamicCache = [:]
        sqlite3_close_v2(db)
    }

    deinit { close() }
}
