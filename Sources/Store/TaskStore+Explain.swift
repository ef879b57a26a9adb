import CSQLite

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

/// What one run of a list statement cost inside SQLite, from `sqlite3_stmt_status`. The
/// benchmark prints it at 10k and 1M tasks: equal figures show list cost does not grow with
/// the table.
public struct QueryCost: Sendable, Equatable {
    /// Virtual-machine steps (a proxy for work done).
    public var vmSteps: Int
    /// Steps of full table scans (0 when an index answers).
    public var fullScanSteps: Int
    /// Sort operations (0 when the index order is the result order).
    public var sorts: Int
    /// Rows returned.
    public var rows: Int
}

extension TaskStore {
    /// Runs the statement `list(query)` runs and reports its cost counters.
    public func cost(of query: TaskQuery) throws(StoreError) -> QueryCost {
        let now = clock.nowMillis()
        let limit = min(max(query.limit, 0), 10_000)
        return try readers.with { conn throws(StoreError) in
            var st = try conn.listStatement(shape: TaskStore.listShape(query)) { TaskStore.listSQL(query) }
            defer { st.reset() }
            TaskStore.bindList(st, query, now: now, limit: limit)
            _ = st.statusCounter(SQLITE_STMTSTATUS_VM_STEP, reset: true)
            _ = st.statusCounter(SQLITE_STMTSTATUS_FULLSCAN_STEP, reset: true)
            _ = st.statusCounter(SQLITE_STMTSTATUS_SORT, reset: true)
            var rows = 0
            while try st.step() { rows += 1 }
            return QueryCost(vmSteps: st.statusCounter(SQLITE_STMTSTATUS_VM_STEP, reset: false),
                             fullScanSteps: st.statusCounter(SQLITE_STMTSTATUS_FULLSCAN_STEP, reset: false),
                             sorts: st.statusCounter(SQLITE_STMTSTATUS_SORT, reset: false), rows: rows)
        }
    }
}
