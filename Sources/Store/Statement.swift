import CSQLite
import Glibc

/// A cached prepared statement borrowed for one execution. Call `reset()` when done (a
/// `defer` right after getting it): that ends the statement's read transaction and keeps
/// it ready for the next caller of the same connection.
struct Statement {
    let handle: OpaquePointer
    unowned(unsafe) let connection: Connection
    /// Whether `step()` already returned a row (an SQLITE_LOCKED retry is only safe before).
    private var started = false

    init(handle: OpaquePointer, connection: Connection) {
        self.handle = handle
        self.connection = connection
    }

    // MARK: binding (parameter indexes are 1-based, as in SQL `?N`)

    @inline(__always)
    func bind(_ i: Int32, _ value: String) {
        var s = value
        s.withUTF8 { buf in
            if let base = buf.baseAddress {
                base.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                    _ = sqlite3_bind_text(handle, i, $0, Int32(buf.count), polytask_sqlite_transient())
                }
            } else {
                _ = sqlite3_bind_text(handle, i, "", 0, polytask_sqlite_transient())
            }
        }
    }

    @inline(__always)
    func bind(_ i: Int32, _ value: String?) {
        if let value { bind(i, value) } else { sqlite3_bind_null(handle, i) }
    }

    @inline(__always)
    func bind(_ i: Int32, _ value: Int64) { sqlite3_bind_int64(handle, i, value) }

    @inline(__always)
    func bind(_ i: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, i, value) } else { sqlite3_bind_null(handle, i) }
    }

    @inline(__always)
    func bind(_ i: Int32, _ value: Int) { sqlite3_bind_int64(handle, i, Int64(value)) }

    // MARK: stepping

    /// Advances: true when a row is available, false when done. Errors carry the extended
    /// result code. SQLITE_BUSY is handled by the connection's busy timeout; SQLITE_LOCKED
    /// (shared-cache table locks, in-memory mode only) is retried here before the first row.
    @inline(__always)
    mutating func step() throws(StoreError) -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { started = true; return true }
        if rc == SQLITE_DONE { return false }
        return try slowStep(rc)
    }

    private mutating func slowStep(_ first: Int32) throws(StoreError) -> Bool {
        var rc = first
        var waited = 0
        while rc & 0xFF == SQLITE_LOCKED, !started, waited < connection.lockedRetryMillis {
            sqlite3_reset(handle)
            usleep(1000)
            waited += 1
            rc = sqlite3_step(handle)
            if rc == SQLITE_ROW { started = true; return true }
            if rc == SQLITE_DONE { return false }
        }
        let err = connection.lastError()
        sqlite3_reset(handle)
        throw err
    }

    /// Steps a statement that returns no rows (INSERT, UPDATE, DELETE).
    @inline(__always)
    mutating func run() throws(StoreError) {
        while try step() {}
    }

    /// A `sqlite3_stmt_status` counter (SQLITE_STMTSTATUS_*), optionally zeroing it.
    func statusCounter(_ op: Int32, reset: Bool) -> Int {
        Int(sqlite3_stmt_status(handle, op, reset ? 1 : 0))
    }

    @inline(__always)
    func reset() {
        sqlite3_reset(handle)
    }

    // MARK: columns (0-based)

    @inline(__always)
    func text(_ i: Int32) -> String {
        // text first, then bytes: the order SQLite documents, so the length is of the UTF-8 form.
        guard let p = sqlite3_column_text(handle, i) else { return "" }
        let n = Int(sqlite3_column_bytes(handle, i))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    @inline(__always)
    func optionalText(_ i: Int32) -> String? {
        if sqlite3_column_type(handle, i) == SQLITE_NULL { return nil }
        return text(i)
    }

    @inline(__always)
    func int64(_ i: Int32) -> Int64 { sqlite3_column_int64(handle, i) }

    @inline(__always)
    func optionalInt64(_ i: Int32) -> Int64? {
        if sqlite3_column_type(handle, i) == SQLITE_NULL { return nil }
        return sqlite3_column_int64(handle, i)
    }
}
