/// The `tasks` table's columns, in one place (see `StoredRow`): every task statement's
/// column and parameter lists, the binding of a `TaskRecord` and its decoding derive from
/// `columns`.
extension TaskRecord: StoredRow {
    static var blank: TaskRecord {
        TaskRecord(dialect: "", tenant: "", id: "", status: "", title: "", createdAt: 0, updatedAt: 0)
    }

    static func columns<V: ColumnVisitor>(_ v: inout V, _ r: inout TaskRecord) {
        v.visit("dialect", .scope, &r.dialect)
        v.visit("tenant", .scope, &r.tenant)
        v.visit("id", .key, &r.id)
        v.visit("external_id", .value, &r.externalID)
        v.visit("status", .value, &r.status)
        v.visit("title", .value, &r.title)
        v.visit("assignee", .value, &r.assignee)
        v.visit("summary_json", .value, &r.summaryJSON)
        // Lists show summaries: they select '{}' instead of the detail text.
        v.visit("detail_json", .value(summary: "'{}'"), &r.detailJSON)
        v.visit("created_at", .value, &r.createdAt)
        v.visit("updated_at", .value, &r.updatedAt)
        v.visit("started_at", .value, &r.startedAt)
        v.visit("completed_at", .value, &r.completedAt)
        v.visit("expires_at", .value, &r.expiresAt)
        // Not part of the record: how many edges the task has (a read skips the edge query at 0).
        var depCount = Int64(r.dependsOn.count)
        v.visit("dep_count", .value, &depCount)
        // `seq` (the insertion order SQLite assigns, which breaks created_at ties) is not
        // listed: reads order by it in SQL but need not return it; an insert takes it from
        // `sqlite3_last_insert_rowid`, an update or upsert looks it up, and the export
        // selects it by name.
    }
}

/// The task table's `ColumnSet` and the result indexes the store reads by position.
enum TaskColumns {
    static let set = ColumnSet<TaskRecord>(table: "tasks")

    /// Result index of `dep_count` in every task read.
    static let depCount = set.index(of: "dep_count")

    /// Decodes the current row of a task read; `dependsOn` is left empty.
    @inline(__always)
    static func decode(_ st: Statement, dialect: String, tenant: String) -> TaskRecord {
        var r = TaskRecord(dialect: dialect, tenant: tenant, id: "", status: "", title: "", createdAt: 0, updatedAt: 0)
        set.decode(st, into: &r)
        return r
    }
}
