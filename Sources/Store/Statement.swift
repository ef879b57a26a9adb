import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cached prepared statement borrowed for one execution. Call `reset()` when done (a
/// `defer` right after getting it): that ends the statement's read transaction and keeps
/// it ready for the next caller of the same connection.
///
/// Parameters are bound by name (`Param`, or a row through `ColumnSet.bind`); result columns
/// are read by the index their `ColumnSet` gave them (or 0 for a one-column result).
struct Statement {
    unowned(unsafe) let prepared: Prepared
    unowned(unsafe) let connection: Connection
    /// Whether `step()` already returned a row (an SQLITE_LOCKED retry is only safe before).
    private var started = false

    init(prepared: Prepared, connection: Connection) {
        self.prepared = prepared
        self.connection = connection
    }

    @inline(__always)
    var handle: OpaquePointer { prepared.handle }

    // MARK: binding by name

    /// The index of `p` in this statement. A statement that does not name `p` is a bug in the
    /// store's SQL: debug builds trap, release builds bind nothing (SQLite ignores index 0).
    @inline(__always)
    private func index(_ p: Param) -> Int32 {
        let i = prepared.params[p.rawValue]
        assert(i > 0, "statement has no parameter :\(p.name): \(String(cString: sqlite3_sql(handle)))")
        return i
    }

    @inline(__always)
    func bind(_ p: Param, _ value: String) { bind(index(p), value) }
    @inline(__always)
    func bind(_ p: Param, _ value: String?) { bind(index(p), value) }
    @inline(__always)
    func bind(_ p: Param, _ value: Int64) { bind(index(p), value) }
    @inline(__always)
    func bind(_ p: Param, _ value: Int64?) { bind(index(p), value) }
    @inline(__always)
    func bind(_ p: Param, _ value: Int) { bind(index(p), Int64(value)) }

    // MARK: binding by index (what `Param` and `ColumnSet` resolve to)

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
    func bind(_ i: Int32, _ value: [UInt8]?) {
        guard let value else { sqlite3_bind_null(handle, i); return }
        value.withUnsafeBytes { buf in
            // A zero-length blob still binds as a blob, not NULL (zeroblob(0)).
            if let base = buf.baseAddress, buf.count > 0 {
                _ = sqlite3_bind_blob(handle, i, base, Int32(buf.count), polytask_sqlite_transient())
            } else {
                _ = sqlite3_bind_zeroblob(handle, i, 0)
            }
        }
    }

    // MARK: stepping

    /// Advances: true when a row is available, false when done. Errors are named
    /// (`StoreError(sqliteCode:)`). SQLITE_BUSY is handled by the connection's busy timeout;
    /// SQLITE_LOCKED (shared-cache table locks, in-memory mode only) is retried here before
    /// the first row.
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

    /// Steps a statement to its end, ignoring any rows (INSERT, UPDATE, DELETE).
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

    // MARK: columns (0-based result indexes)

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

    /// A BLOB column's bytes, or nil for NULL.
    func optionalBlob(_ i: Int32) -> [UInt8]? {
        if sqlite3_column_type(handle, i) == SQLITE_NULL { return nil }
        // blob first, then bytes (the order SQLite documents).
        let p = sqlite3_column_blob(handle, i)
        let n = Int(sqlite3_column_bytes(handle, i))
        guard n > 0, let p else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }
}
