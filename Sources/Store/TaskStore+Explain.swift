/// Query-plan introspection, so tests (and anyone tuning schema.sql) can check that each
/// list query is answered by walking one index in order: no `SCAN`, no `USE TEMP B-TREE`.
extension TaskStore {
    /// The `EXPLAIN QUERY PLAN` detail lines of the statement `list(query)` runs.
    public func explain(_ query: TaskQuery) throws(StoreError) -> [String] {
        try explain(sql: TaskStore.listSQL(query))
    }

    /// The plan of one of the store's fixed statements.
    func explain(_ sql: SQL) throws(StoreError) -> [String] {
        try explain(sql: sql.text)
    }

    func explain(sql: String) throws(StoreError) -> [String] {
        try readers.with { conn throws(StoreError) in
            var st = try conn.prepared(text: "EXPLAIN QUERY PLAN " + sql)
            defer { st.reset() }
            var lines: [String] = []
            while try st.step() { lines.append(st.text(3)) }
            return lines
        }
    }
}
