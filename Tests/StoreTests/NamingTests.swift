import CSQLite
import Testing
@testable import Store

/// Columns and parameters by name: every statement's parameters are names the store binds,
/// and the column lists derive from the tables' one definition.
@Suite struct NamingTests {
    /// Every `:name` in every fixed statement is a `Param` or a column of a `ColumnSet`, and
    /// no statement uses positional `?` parameters.
    @Test func everyParameterIsANameTheStoreBinds() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        let known = Set(Param.allCases.map { ":" + $0.name }).union(Self.columnParameters)
        try store.readers.with { conn throws(StoreError) in
            for sql in SQL.allCases {
                let st = try conn.statement(sql)
                let n = sqlite3_bind_parameter_count(st.handle)
                guard n > 0 else { continue }
                for i in 1...n {
                    let name = sqlite3_bind_parameter_name(st.handle, i).map { String(cString: $0) }
                    #expect(name.map(known.contains) == true, "\(sql): parameter \(i) is \(name ?? "positional")")
                }
            }
        }
    }

    static var columnParameters: Set<String> {
        Set(TaskColumns.set.written.map { ":" + $0.name } + APIKeyColumns.set.written.map { ":" + $0.name })
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
