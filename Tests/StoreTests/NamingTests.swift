import CSQLite
import Testing
@testable import Store

/// Columns and parameters by name: every statement's parameters are names the store binds,
/// and the column lists derive from the tables' one definition.
@Suite struct NamingTests {
    /// Every `:name` in every statement (fixed, and every shape of the built ones) is a
    /// `Param` or a column of a `ColumnSet`, and no statement uses positional `?` parameters.
    @Test func everyParameterIsANameTheStoreBinds() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        let known = Set(Param.allCases.map { ":" + $0.name }).union(Self.columnParameters)
        var texts = SQL.allCases.map(\.text)
        for bits in 0..<32 {
            texts.append(SQL.list(status: bits & 1 != 0, externalID: bits & 2 != 0, assignee: bits & 4 != 0,
                                  dependsOn: bits & 8 != 0, full: bits & 16 != 0))
            if bits < 16 {
                texts.append(SQL.deliveryList(dialect: bits & 1 != 0, tenant: bits & 2 != 0, status: bits & 4 != 0, before: bits & 8 != 0))
            }
            if bits < 4 { texts.append(SQL.resourceList(after: bits & 1 != 0, data: bits & 2 != 0)) }
            if bits < 2 { texts += [SQL.exportTasks(tenant: bits == 1), SQL.exportResources(tenant: bits == 1)] }
        }
        try store.readers.with { conn throws(StoreError) in
            for text in texts {
                let st = try conn.prepared(text: text)
                let n = sqlite3_bind_parameter_count(st.handle)
                guard n > 0 else { continue }
                for i in 1...n {
                    let name = sqlite3_bind_parameter_name(st.handle, i).map { String(cString: $0) }
                    #expect(name.map(known.contains) == true, "\(text): parameter \(i) is \(name ?? "positional")")
                }
            }
        }
    }

    static var columnParameters: Set<String> {
        let names = TaskColumns.set.written.map(\.name) + APIKeyColumns.set.written.map(\.name)
            + ResourceColumns.set.written.map(\.name) + DeliveryColumns.set.written.map(\.name)
        return Set(names.map { ":" + $0 })
    }

    @Test func columnListsDeriveFromOneDefinition() {
        let t = TaskColumns.set
        #expect(t.keyList == "dialect, tenant, id")
        #expect(t.keyPredicate == "dialect = :dialect AND tenant = :tenant AND id = :id")
        // dialect and tenant are known to the caller: not selected.
        #expect(!t.selectList().contains("dialect") && t.selectList().hasPrefix("id, external_id, status"))
        #expect(t.selectList(summary: true).contains("'{}'") && !t.selectList(summary: true).contains("detail_json"))
        #expect(t.selectList(alias: "t").hasPrefix("t.id, t.external_id"))
        #expect(t.insert.hasPrefix("INSERT INTO tasks (dialect, tenant, id, external_id"))
        #expect(t.insert.contains("VALUES (:dialect, :tenant, :id, :external_id"))
        // Key columns are never updated.
        #expect(!t.updateSet.contains(":id") && t.updateSet.contains("status = :status"))
        #expect(!t.upsertSet.contains("id = excluded.id,") && t.upsertSet.contains("title = excluded.title"))
        #expect(t.selected[Int(TaskColumns.depCount)].name == "dep_count")
        #expect(Set(t.written.map(\.name)).isSuperset(of: ["dialect", "tenant", "id", "dep_count"]))
    }

    @Test func prepareResolvesEachParameterOnce() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        try store.readers.with { conn throws(StoreError) in
            let st = try conn.statement(.taskByKey)
            #expect(st.prepared.params[Param.dialect.rawValue] == sqlite3_bind_parameter_index(st.handle, ":dialect"))
            #expect(st.prepared.params[Param.now.rawValue] > 0)
            #expect(st.prepared.params[Param.limit.rawValue] == 0)  // not in this statement
            let insert = try conn.statement(.insertTask)
            let idx = insert.prepared.rowParameters(for: TaskColumns.set)
            #expect(idx.count == TaskColumns.set.written.count)
            for (i, c) in TaskColumns.set.written.enumerated() {
                #expect(idx[i] == sqlite3_bind_parameter_index(insert.handle, ":" + c.name), "\(c.name)")
            }
        }
    }
}

/// The recipe in docs/store.md ("Adding a column"), shown on a table of its own: version 2 of
/// a record differs from version 1 by one field and one `visit` line, plus the schema change,
/// and every statement, binding and decoding follows.
@Suite struct AddingAColumnTests {
    struct GadgetV1: StoredRow, Equatable {
        var id = ""
        var name = ""
        var size: Int64 = 0
        static var blank: GadgetV1 { GadgetV1() }
        static func columns<V: ColumnVisitor>(_ v: inout V, _ r: inout GadgetV1) {
            v.visit("id", .key, &r.id)
            v.visit("name", .value, &r.name)
            v.visit("size", .value, &r.size)
        }
    }

    struct GadgetV2: StoredRow, Equatable {
        var id = ""
        var name = ""
        var size: Int64 = 0
        var colour: String? = nil  // the new field...
        static var blank: GadgetV2 { GadgetV2() }
        static func columns<V: ColumnVisitor>(_ v: inout V, _ r: inout GadgetV2) {
            v.visit("id", .key, &r.id)
            v.visit("name", .value, &r.name)
            v.visit("size", .value, &r.size)
            v.visit("colour", .value, &r.colour)  // ...and its one line
        }
    }

    static func roundTrip<Row: StoredRow & Equatable>(_ conn: Connection, _ set: ColumnSet<Row>, _ row: Row, _ changed: Row) throws -> [Row] {
        var out: [Row] = []
        for (sql, value) in [(set.insert, row), (set.upsert, changed)] {
            var st = try conn.prepared(text: sql)
            set.bind(value, to: st)
            try st.run()
            st.reset()
            var read = try conn.prepared(text: "SELECT \(set.selectList()) FROM \(set.table) WHERE \(set.keyPredicate)")
            set.bind(value, to: read)  // binds :id; the other columns are not in this statement
            #expect(try read.step())
            var decoded = Row.blank
            set.decode(read, into: &decoded)
            read.reset()
            out.append(decoded)
        }
        return out
    }

    @Test func oneDefinitionDrivesInsertUpsertSelectBindAndDecode() throws {
        let path = Fixture.tempPath("gadgets")
        defer { Fixture.remove(path) }
        let conn = try Connection.open(StoreLocation(path: path), readOnly: false, busyTimeoutMillis: 1000)
        defer { conn.close() }
        // schema.sql, version 1 and then the appended section of version 2.
        try conn.exec("CREATE TABLE gadgets (id TEXT PRIMARY KEY, name TEXT NOT NULL, size INTEGER NOT NULL) STRICT")
        let v1 = ColumnSet<GadgetV1>(table: "gadgets")
        let a = GadgetV1(id: "g1", name: "one", size: 1)
        #expect(try Self.roundTrip(conn, v1, a, GadgetV1(id: "g1", name: "uno", size: 2)) == [a, GadgetV1(id: "g1", name: "uno", size: 2)])
        try conn.exec("ALTER TABLE gadgets ADD COLUMN colour TEXT")
        let v2 = ColumnSet<GadgetV2>(table: "gadgets")
        #expect(v2.insert == "INSERT INTO gadgets (id, name, size, colour) VALUES (:id, :name, :size, :colour)")
        #expect(v2.upsertSet == "name = excluded.name, size = excluded.size, colour = excluded.colour")
        let b = GadgetV2(id: "g2", name: "two", size: 2, colour: "red")
        let b2 = GadgetV2(id: "g2", name: "two", size: 3, colour: nil)
        #expect(try Self.roundTrip(conn, v2, b, b2) == [b, b2])
    }
}
