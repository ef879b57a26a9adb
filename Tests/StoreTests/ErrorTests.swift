import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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
}
