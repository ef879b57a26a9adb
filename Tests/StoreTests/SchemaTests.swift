import CSQLite
import Testing
@testable import Store

@Suite struct SchemaTests {
    @Test func schemaFileParsesIntoOrderedMigrations() throws {
        let all = try Schema.migrations()
        #expect(!all.isEmpty)
        #expect(all.map(\.version) == Array(1...all.count))
        #expect(all[0].sql.contains("CREATE TABLE tasks"))
        #expect(throws: StoreError.self) {
            try Schema.migrations("-- @version 2\nSELECT 1;\n-- @version 1\nSELECT 1;\n")
        }
        #expect(try Schema.migrations("-- preamble\n-- @version 1\nA;\n-- @version 3\nB;\n").map(\.version) == [1, 3])
    }

    @Test(arguments: [true, false])
    func fileDatabaseIsWALWithForeignKeysAndUserVersion(exclusiveLock: Bool) throws {
        let path = Fixture.tempPath("schema")
        defer { Fixture.remove(path) }
        let (store, _) = try Fixture.store(path: path, exclusiveLock: exclusiveLock)
        defer { store.close() }
        #expect(try store.writerPragma("journal_mode") == "wal")
        #expect(try store.writerPragma("foreign_keys") == "1")
        #expect(try store.writerPragma("synchronous") == "1")  // NORMAL
        #expect(try store.scalar("PRAGMA user_version") == Int64(Schema.latestVersion))
    }

    @Test func reopeningKeepsDataAndDoesNotReapply() throws {
        let path = Fixture.tempPath("reopen")
        defer { Fixture.remove(path) }
        let (a, clock) = try Fixture.store(path: path)
        try a.insertAll([Fixture.task("kept")])
        a.close()
        let (b, _) = try Fixture.store(path: path, clock: clock)
        defer { b.close() }
        #expect(try b.task(Fixture.key("kept")) != nil)
    }

    @Test func pendingMigrationsApplyForwardOnly() throws {
        let path = Fixture.tempPath("migrate")
        defer { Fixture.remove(path) }
        let (a, clock) = try Fixture.store(path: path)
        a.close()
        // A future version 2 that adds a table; version 1 must not be re-run (it would fail:
        // its tables exist).
        let v1 = try Schema.migrations()
        let next = Schema.Migration(version: (v1.last?.version ?? 0) + 1, sql: "CREATE TABLE future_thing (x INTEGER) STRICT;")
        let conn = try Connection.open(StoreLocation(path: path), readOnly: false, busyTimeoutMillis: 1000)
        try Schema.apply(conn, migrations: v1 + [next])
        #expect(try conn.pragmaText("PRAGMA user_version") == String(next.version))
        conn.close()
        // This binary's schema.sql is older than the file now: refused, not guessed at.
        #expect(throws: StoreError.invalid("database schema version \(next.version) is newer than this binary supports (\(next.version - 1))")) {
            _ = try Fixture.store(path: path, clock: clock)
        }
    }

    @Test func strictTablesRejectWrongTypes() throws {
        let path = Fixture.tempPath("strict")
        defer { Fixture.remove(path) }
        let (store, _) = try Fixture.store(path: path)
        store.close()
        let conn = try Connection.open(StoreLocation(path: path), readOnly: false, busyTimeoutMillis: 1000)
        defer { conn.close() }
        #expect(throws: StoreError.constraint("cannot store TEXT value in INTEGER column tasks.created_at")) {
            try conn.exec("INSERT INTO tasks (dialect, tenant, id, status, title, created_at, updated_at) VALUES ('q','t','i','s','t','yesterday',1)")
        }
    }

    @Test func oldSQLiteIsRefusedWithAClearMessage() throws {
        #expect(throws: StoreError.versionTooOld("SQLite 3.36.0 is too old: polytask needs SQLite 3.37.0 or newer (for STRICT tables); install a newer libsqlite3")) {
            try TaskStore.checkVersion(3_036_000, text: "3.36.0")
        }
        try TaskStore.checkVersion(sqlite3_libversion_number(), text: "linked")
    }

    @Test func memoryStoresArePrivate() throws {
        let (a, _) = try Fixture.store()
        let (b, _) = try Fixture.store()
        defer { a.close(); b.close() }
        try a.insertAll([Fixture.task("only-in-a")])
        #expect(try b.task(Fixture.key("only-in-a")) == nil)
        #expect(try a.task(Fixture.key("only-in-a")) != nil)
    }

    @Test func errorsCarryTheExtendedCodeAndMessage() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        #expect(throws: StoreError.sqlite(code: SQLITE_ERROR, message: "no such table: missing_table")) {
            try store.scalar("SELECT * FROM missing_table")
        }
    }
}
