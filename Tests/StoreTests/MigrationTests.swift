import CSQLite
import Testing
@testable import Store

/// A database written by schema version 1 (before seq, hashed Quant tokens and key columns)
/// comes through version 2 with everything kept.
@Suite struct MigrationTests {
    /// A version-1 file with tasks, edges, a plaintext Quant token, Amigo keys with their
    /// metadata in settings, written as the version-1 store wrote them.
    static func versionOneDatabase(_ path: String) throws {
        let v1 = try #require(try Schema.migrations().first)
        #expect(v1.version == 1)
        let conn = try Connection.open(StoreLocation(path: path), readOnly: false, busyTimeoutMillis: 1000)
        defer { conn.close() }
        try conn.exec("PRAGMA foreign_keys = ON")
        try Schema.apply(conn, migrations: [v1])
        let t = Fixture.t0
        // Inserted in this order, all with the same created_at except "late": rowid order is
        // the insertion order, which version 2 must keep.
        try conn.exec("""
            INSERT INTO tasks (dialect, tenant, id, status, title, created_at, updated_at, external_id, dep_count) VALUES
              ('quant', 'org1', 'zz-first', 'pending', 'a', \(t), \(t), 'L', 0),
              ('quant', 'org1', 'aa-second', 'pending', 'b', \(t), \(t), 'L', 1),
              ('quant', 'org1', 'mm-third', 'pending', 'c', \(t), \(t), 'L', 1),
              ('quant', 'org1', 'late', 'done', 'd', \(t + 5), \(t + 5), NULL, 0);
            INSERT INTO task_edges (dialect, tenant, task_id, position, depends_on, task_created_at) VALUES
              ('quant', 'org1', 'aa-second', 0, 'zz-first', \(t)),
              ('quant', 'org1', 'mm-third', 0, 'zz-first', \(t));
            INSERT INTO api_keys (dialect, tenant, key_id, secret_hash, role, created_at, created_by) VALUES
              ('quant', 'acme', 'tok-1', 'quant:4:acme:tok-1', 'bearer', \(t), 'control'),
              ('quant', 'acme', 'odd', 'not-the-old-form', 'bearer', \(t), 'control'),
              ('amigo', 'w1', 'ak_1', 'h1', 'owner', \(t), NULL),
              ('amigo', 'w1', 'ak_2', 'h2', 'owner', \(t + 1), NULL),
              ('amigo', 'w1', 'ak_3', 'h3', 'owner', \(t + 2), NULL);
            INSERT INTO settings (dialect, tenant, key, value) VALUES
              ('amigo', 'w1', 'api_key:ak_1', '{"updated_at":\(t + 100),"last_used_at":\(t + 200)}'),
              ('amigo', 'w1', 'api_key:ak_2', 'not json'),
              ('amigo', 'w1', 'lifecycle', 'immediate'),
              ('amigo', 'w1', 'apixkey:zz', 'kept: not a key setting');
            """)
    }

    @Test func versionTwoKeepsDataOrderAndRehashesCredentials() throws {
        let path = Fixture.tempPath("migrate-v2")
        defer { Fixture.remove(path) }
        try Self.versionOneDatabase(path)
        let (store, _) = try Fixture.store(path: path)
        defer { store.close() }
        #expect(try store.scalar("PRAGMA user_version") == Int64(Schema.latestVersion))
        #expect(try store.scalar("SELECT count(*) FROM pragma_foreign_key_check") == 0)

        // Tasks: insertion order survives as seq, so the ties list newest insertion first.
        var q = TaskQuery(dialect: "quant", tenant: "org1")
        #expect(try store.list(q).map(\.id) == ["late", "mm-third", "aa-second", "zz-first"])
        q.externalID = "L"
        #expect(try store.list(q).map(\.id) == ["mm-third", "aa-second", "zz-first"])
        #expect(try store.dependents(of: Fixture.key("zz-first"), transitive: false) == ["mm-third", "aa-second"])
        #expect(try store.task(Fixture.key("aa-second"))?.dependsOn == ["zz-first"])
        // New tasks go after the migrated ones, and the edge foreign key still cascades.
        try store.insertAll([Fixture.task("new", dependsOn: ["zz-first"])])
        #expect(try store.dependents(of: Fixture.key("zz-first"), transitive: false) == ["new", "mm-third", "aa-second"])
        _ = try store.writeAndWait { tx in try tx.delete(Fixture.key("zz-first"), cascade: true) }
        #expect(try store.scalar("SELECT count(*) FROM task_edges") == 0)

        // The plaintext Quant token is now a hash with a derived id; the token is nowhere.
        let hash = APIKeyRecord.hash(secret: "tok-1", dialect: "quant", tenant: "acme")
        let key = try #require(try store.apiKey(secretHash: hash))
        #expect(key.keyID == APIKeyRecord.derivedKeyID(secretHash: hash) && key.tenant == "acme")
        #expect(try store.scalar("SELECT count(*) FROM api_keys WHERE secret_hash LIKE '%tok-1%' OR key_id = 'tok-1'") == 0)
        // A row not in the old plaintext form is left as it was.
        #expect(try store.apiKey(dialect: "quant", tenant: "acme", keyID: "odd")?.secretHash == "not-the-old-form")

        // Amigo's metadata moved from settings into the columns; damaged JSON falls back.
        let keys = try store.apiKeys(dialect: "amigo", tenant: "w1")
        #expect(keys.map(\.keyID) == ["ak_3", "ak_2", "ak_1"])
        let k1 = try #require(keys.last)
        #expect(k1.updatedAt == Fixture.t0 + 100 && k1.lastUsedAt == Fixture.t0 + 200)
        #expect(keys[1].updatedAt == keys[1].createdAt && keys[1].lastUsedAt == nil)
        #expect(keys.allSatisfy { $0.state == "active" && $0.owner == nil })
        #expect(try store.setting(dialect: "amigo", tenant: "w1", key: "api_key:ak_1") == nil)
        #expect(try store.setting(dialect: "amigo", tenant: "w1", key: "api_key:ak_2") == nil)
        #expect(try store.setting(dialect: "amigo", tenant: "w1", key: "lifecycle") == "immediate")
        #expect(try store.setting(dialect: "amigo", tenant: "w1", key: "apixkey:zz") == "kept: not a key setting")
    }

    @Test func aFreshDatabaseHasTheVersionTwoShape() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        for table in ["resources", "counters", "outbox", "outbox_attempts"] {
            #expect(try store.scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '\(table)'") == 1, "\(table)")
        }
        #expect(try store.scalar("SELECT count(*) FROM sqlite_schema WHERE name LIKE '%_v2%'") == 0)
        // The edge foreign key names the renamed table.
        #expect(try store.scalar("SELECT count(*) FROM pragma_foreign_key_list('task_edges') WHERE \"table\" = 'tasks'") > 0)
    }
}
