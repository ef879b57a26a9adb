import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import Testing
@testable import Store

/// SQLite failures reach callers as named `StoreError` cases, never as raw result codes.
@Suite struct ErrorTests {
    @Test func everyPrimaryCodeHasItsName() {
        let m = "msg"
        #expect(StoreError(sqliteCode: SQLITE_BUSY, message: m) == .busy(m))
        #expect(StoreError(sqliteCode: SQLITE_BUSY | (2 << 8), message: m) == .busy(m))  // BUSY_SNAPSHOT
        #expect(StoreError(sqliteCode: SQLITE_LOCKED | (1 << 8), message: m) == .busy(m))  // LOCKED_SHAREDCACHE
        #expect(StoreError(sqliteCode: SQLiteCode.constraintUnique, message: m) == .constraint(m))
        #expect(StoreError(sqliteCode: SQLITE_FULL, message: m) == .full(m))
        #expect(StoreError(sqliteCode: SQLITE_READONLY | (8 << 8), message: m) == .readOnly(m))  // READONLY_DIRECTORY
        #expect(StoreError(sqliteCode: SQLITE_CORRUPT, message: m) == .corrupt(m))
        #expect(StoreError(sqliteCode: SQLITE_NOTADB, message: m) == .corrupt(m))
        #expect(StoreError(sqliteCode: SQLITE_IOERR | (4 << 8), message: m) == .ioError(m))  // IOERR_FSYNC
        #expect(StoreError(sqliteCode: SQLITE_CANTOPEN, message: m) == .ioError(m))
        #expect(StoreError(sqliteCode: SQLITE_ERROR, message: m) == .sqlite(code: SQLITE_ERROR, message: m))
        #expect(StoreError(sqliteCode: SQLITE_NOMEM, message: m) == .sqlite(code: SQLITE_NOMEM, message: m))
    }

    @Test func transientAndUnavailableKinds() {
        #expect(StoreError.busy("x").isTransient)
        #expect(!StoreError.full("x").isTransient && !StoreError.closed.isTransient)
        for e: StoreError in [.busy("x"), .closed, .full("x"), .readOnly("x"), .corrupt("x"), .ioError("x")] {
            #expect(e.isUnavailable, "\(e)")
        }
        for e: StoreError in [.notFound(Fixture.key("a")), .duplicate(Fixture.key("a")), .constraint("x"),
                              .sqlite(code: 1, message: "x"), .invalid("x"), .cycle(["a", "a"])] {
            #expect(!e.isUnavailable, "\(e)")
        }
    }

    /// Another process's write lock, held past the busy timeout, is `.busy` (file mode with
    /// shared locking, so a second connection can take the lock).
    @Test func aLockHeldElsewhereIsBusy() throws {
        let path = Fixture.tempPath("busy")
        defer { Fixture.remove(path) }
        var o = StoreOptions()
        o.path = path
        o.exclusiveLock = false
        o.busyTimeoutMillis = 50
        o.sweepIntervalMillis = 0
        let store = try TaskStore(options: o, clock: ControllableClock(frozenAt: Fixture.t0))
        defer { store.close() }
        let other = try Connection.open(StoreLocation(path: path), readOnly: false, busyTimeoutMillis: 0)
        defer { other.close() }
        try other.exec("BEGIN IMMEDIATE")
        #expect(throws: StoreError.busy("database is locked")) { try store.insertAll([Fixture.task("a")]) }
        try other.exec("ROLLBACK")
        try store.insertAll([Fixture.task("a")])
        #expect(try store.task(Fixture.key("a")) != nil)
    }

    @Test func writingAReadOnlyConnectionIsReadOnly() throws {
        let path = Fixture.tempPath("readonly")
        defer { Fixture.remove(path) }
        let (store, _) = try Fixture.store(path: path)
        store.close()
        let ro = try Connection.open(StoreLocation(path: path), readOnly: true, busyTimeoutMillis: 0)
        defer { ro.close() }
        let error = #expect(throws: StoreError.self) { try ro.exec("DELETE FROM tasks") }
        guard case .readOnly? = error else { Issue.record("expected .readOnly, got \(String(describing: error))"); return }
    }

    @Test func aFileThatIsNotADatabaseIsCorrupt() throws {
        let path = Fixture.tempPath("notadb")
        defer { Fixture.remove(path) }
        let f = try #require(fopen(path, "w"))
        let junk = [UInt8](repeating: 0x5A, count: 8192)
        _ = junk.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        fclose(f)
        let error = #expect(throws: StoreError.self) { _ = try Fixture.store(path: path) }
        guard case .corrupt? = error else { Issue.record("expected .corrupt, got \(String(describing: error))"); return }
    }

    /// A database at its size limit: the insert fails `.full` and the earlier rows stay.
    @Test func aFullDatabaseIsFull() throws {
        let path = Fixture.tempPath("full")
        defer { Fixture.remove(path) }
        let (store, _) = try Fixture.store(path: path)
        defer { store.close() }
        try store.insertAll([Fixture.task("before")])
        let pages = try store.scalar("PRAGMA page_count")
        _ = try store.writerPragma("max_page_count = \(pages + 2)")
        let big = String(repeating: "x", count: 64 * 1024)
        let error = #expect(throws: StoreError.self) {
            try store.insertAll([Fixture.task("big", summary: #"{"x":"\#(big)"}"#)])
        }
        guard case .full? = error else { Issue.record("expected .full, got \(String(describing: error))"); return }
        #expect(try store.task(Fixture.key("before")) != nil)
        #expect(try store.task(Fixture.key("big")) == nil)
    }

    /// SQLite reports a refused write as SQLITE_IOERR; the OS's errno names the outage.
    @Test func theSystemErrnoNamesAnIOFailure() {
        let m = "disk I/O error"
        let ioerrWrite = SQLITE_IOERR | (3 << 8)
        #expect(StoreError(sqliteCode: ioerrWrite, systemErrno: EPERM, message: m) == .readOnly("Operation not permitted"))
        #expect(StoreError(sqliteCode: ioerrWrite, systemErrno: EROFS, message: m) == .readOnly("Read-only file system"))
        #expect(StoreError(sqliteCode: ioerrWrite, systemErrno: EFBIG, message: m) == .full("File too large"))
        #expect(StoreError(sqliteCode: ioerrWrite, systemErrno: EIO, message: m) == .ioError("disk I/O error (Input/output error)"))
        #expect(StoreError(sqliteCode: ioerrWrite, systemErrno: 0, message: m) == .ioError(m))
        // Only I/O failures look at errno (which may be stale for anything else).
        #expect(StoreError(sqliteCode: SQLITE_FULL, systemErrno: EPERM, message: "database or disk full") == .full("database or disk full"))
        #expect(StoreError(sqliteCode: SQLITE_CONSTRAINT, systemErrno: ENOSPC, message: "x") == .constraint("x"))
    }

    @Test func causeSaysTheKindOnce() {
        #expect(StoreError.full("database or disk is full").cause == "database or disk full")
        #expect(StoreError.readOnly("attempt to write a readonly database").cause == "database is read-only")
        #expect(StoreError.readOnly("Operation not permitted").cause == "database is read-only: Operation not permitted")
        #expect(StoreError.full("File too large").cause == "database or disk full: File too large")
        #expect(StoreError.ioError("disk I/O error (Input/output error)").cause == "disk I/O error (Input/output error)")
        #expect(StoreError.closed.cause == "the task store is closed")
        for e: StoreError in [.full("x"), .readOnly("x"), .ioError("x"), .corrupt("x")] { #expect(e.isWriteOutage) }
        for e: StoreError in [.busy("x"), .closed, .invalid("x"), .sqlite(code: 1, message: "x")] { #expect(!e.isWriteOutage) }
    }

    /// A full database: the health reports the outage once however many writes fail, ignores
    /// transactions that change nothing, and reports the first write that lands again.
    @Test func writeHealthReportsEachChangeOnce() throws {
        let path = Fixture.tempPath("health")
        defer { Fixture.remove(path) }
        let (store, _) = try Fixture.store(path: path)
        defer { store.close() }
        let reports = Mutex<[StoreError?]>([])
        store.writeHealth.onChange { e in reports.withLock { $0.append(e) } }
        try store.insertAll([Fixture.task("before")])
        #expect(reports.withLock { $0.isEmpty })
        let pages = try store.scalar("PRAGMA page_count")
        _ = try store.writerPragma("max_page_count = \(pages + 2)")
        let big = String(repeating: "x", count: 64 * 1024)
        for i in 0..<3 {
            #expect(throws: StoreError.self) { try store.insertAll([Fixture.task("big\(i)", summary: #"{"x":"\#(big)"}"#)]) }
        }
        // Changes nothing, so it commits even now, and says nothing about health.
        try store.writeAndWait { _ in }
        guard case .full? = store.writeHealth.outage else { Issue.record("expected .full, got \(String(describing: store.writeHealth.outage))"); return }
        _ = try store.writerPragma("max_page_count = 1073741823")
        try store.insertAll([Fixture.task("after")])
        try store.insertAll([Fixture.task("after2")])
        let got = reports.withLock { $0 }
        #expect(got.count == 2)
        if case .full? = got.first ?? nil {} else { Issue.record("first report: \(got)") }
        #expect(got.count == 2 && got[1] == nil)
        #expect(store.writeHealth.outage == nil)
    }
}
