/// Task reads shared by every caller: decoding (`TaskColumns`), edges and dependents.
enum TaskRow {
    /// Builds a record from the current row; `dependsOn` is left empty (the caller adds it
    /// with `loadEdges(into:_:_:)` when the read wants it).
    @inline(__always)
    static func decode(_ st: Statement, dialect: String, tenant: String) -> TaskRecord {
        TaskColumns.decode(st, dialect: dialect, tenant: tenant)
    }

    @inline(__always)
    static func depCount(_ st: Statement) -> Int64 { st.int64(TaskColumns.depCount) }

    /// Fills `r.dependsOn` if the current row of `st` (the row `r` was decoded from) says it
    /// has edges. Call it while `st` is still active: row and edges are then read in the same
    /// snapshot (one implicit read transaction), so they always agree.
    static func loadEdges(into r: inout TaskRecord, _ st: Statement, _ conn: Connection) throws(StoreError) {
        guard depCount(st) > 0 else { return }
        r.dependsOn = try edges(conn, dialect: r.dialect, tenant: r.tenant, id: r.id)
    }

    /// The ordered dependency ids of one task.
    static func edges(_ conn: Connection, dialect: String, tenant: String, id: String) throws(StoreError) -> [String] {
        var st = try conn.statement(.edgesOf)
        defer { st.reset() }
        st.bind(.dialect, dialect)
        st.bind(.tenant, tenant)
        st.bind(.id, id)
        var out: [String] = []
        while try st.step() { out.append(st.text(0)) }
        return out
    }

    /// Direct live dependents of `id`, newest first, each once.
    static func dependents(_ conn: Connection, dialect: String, tenant: String, id: String, now: Int64) throws(StoreError) -> [String] {
        var st = try conn.statement(.dependentsOf)
        defer { st.reset() }
        st.bind(.dialect, dialect)
        st.bind(.tenant, tenant)
        st.bind(.id, id)
        st.bind(.now, now)
        var out: [String] = []
        while try st.step() {
            let d = st.text(0)
            // A task listing the same dependency twice has two adjacent edges: report it once.
            if out.last != d { out.append(d) }
        }
        return out
    }

    /// Live transitive dependents of `id` in breadth-first order (nearest first), each once.
    /// Bounded by the graph: every id is expanded at most once, so a cycle in seeded data
    /// cannot loop.
    static func transitiveDependents(_ conn: Connection, dialect: String, tenant: String, id: String,
                                     now: Int64) throws(StoreError) -> [String] {
        var seen: Set<String> = [id]
        var order: [String] = []
        var next = 0
        var frontier = [id]
        while next < frontier.count {
            let current = frontier[next]
            next += 1
            for d in try dependents(conn, dialect: dialect, tenant: tenant, id: current, now: now) where seen.insert(d).inserted {
                order.append(d)
                frontier.append(d)
            }
        }
        return order
    }
}
