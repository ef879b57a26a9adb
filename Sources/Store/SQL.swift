/// Every fixed statement the store runs, prepared once per connection and cached.
///
/// Keeping the text here (and the schema in schema.sql) means the plans that matter are in
/// one place; `PlanTests` asserts them with EXPLAIN QUERY PLAN. Parameters are named
/// (`:dialect`, `Param`); column lists come from the tables' `ColumnSet`s. The predicate
/// `(expires_at IS NULL OR expires_at > :now)` appears in every read: a row is invisible from
/// the instant it expires, before the sweeper deletes it.
enum SQL: Int, CaseIterable {
    case taskByKey
    case liveExists
    case edgesOf
    case dependentsOf
    case anyDependent
    case insertTask
    case upsertTask
    case updateTask
    case deleteTask
    case deleteExpiredKey
    case deleteEdges
    case insertEdge
    case deleteTenantEdges
    case deleteTenantTasks
    case graphTasks
    case sweepTasks
    case sweepAPIKeys
    case apiKeyByHash
    case apiKeyByID
    case apiKeysOfTenant
    case touchAPIKey
    case putAPIKey
    case deleteAPIKey
    case getSetting
    case putSetting
    case deleteSetting
    case savepoint
    case release
    case rollbackTo
    case beginImmediate
    case begin
    case commit
    case rollback

    static let live = "(expires_at IS NULL OR expires_at > :now)"
    static let taskKey = TaskColumns.set.keyPredicate

    var text: String {
        let tasks = TaskColumns.set
        let keys = APIKeyColumns.set
        switch self {
        case .taskByKey:
            return "SELECT \(tasks.selectList()) FROM tasks WHERE \(SQL.taskKey) AND \(SQL.live)"
        case .liveExists:
            return "SELECT 1 FROM tasks WHERE \(SQL.taskKey) AND \(SQL.live)"
        case .edgesOf:
            return "SELECT depends_on FROM task_edges WHERE dialect = :dialect AND tenant = :tenant AND task_id = :id ORDER BY position"
        case .dependentsOf:
            // CROSS JOIN pins the edge index as the outer loop: its order is the result order.
            return """
                SELECT e.task_id FROM task_edges AS e CROSS JOIN tasks AS t
                ON t.dialect = e.dialect AND t.tenant = e.tenant AND t.id = e.task_id
                WHERE e.dialect = :dialect AND e.tenant = :tenant AND e.depends_on = :id
                AND (t.expires_at IS NULL OR t.expires_at > :now)
                ORDER BY e.task_created_at DESC, e.task_seq DESC
                """
        case .anyDependent:
            return "SELECT 1 FROM task_edges WHERE dialect = :dialect AND tenant = :tenant AND depends_on = :id LIMIT 1"
        // Each write returns the row's seq, which its edges copy.
        case .insertTask:
            return tasks.insert + " RETURNING seq"
        case .upsertTask:
            return tasks.upsert + " RETURNING seq"
        case .updateTask:
            return "UPDATE tasks SET \(tasks.updateSet) WHERE \(tasks.keyPredicate) AND \(SQL.live) RETURNING seq"
        case .deleteTask:
            return "DELETE FROM tasks WHERE \(SQL.taskKey)"
        case .deleteExpiredKey:
            return "DELETE FROM tasks WHERE \(SQL.taskKey) AND expires_at <= :now"
        case .deleteEdges:
            return "DELETE FROM task_edges WHERE dialect = :dialect AND tenant = :tenant AND task_id = :id"
        case .insertEdge:
            return """
                INSERT INTO task_edges (dialect, tenant, task_id, position, depends_on, task_created_at, task_seq)
                VALUES (:dialect, :tenant, :task_id, :position, :depends_on, :task_created_at, :task_seq)
                """
        case .deleteTenantEdges:
            return "DELETE FROM task_edges WHERE dialect = :dialect AND tenant = :tenant"
        case .deleteTenantTasks:
            return "DELETE FROM tasks WHERE dialect = :dialect AND tenant = :tenant"
        case .graphTasks:
            return """
                SELECT \(tasks.selectList(summary: true)) FROM tasks
                WHERE dialect = :dialect AND tenant = :tenant AND external_id = :external_id AND \(SQL.live)
                ORDER BY created_at DESC, seq DESC
                """
        case .sweepTasks:
            return "DELETE FROM tasks WHERE seq IN (SELECT seq FROM tasks WHERE expires_at <= :now ORDER BY expires_at LIMIT :limit)"
        case .sweepAPIKeys:
            return """
                DELETE FROM api_keys WHERE seq IN
                (SELECT seq FROM api_keys WHERE expires_at <= :now ORDER BY expires_at LIMIT :limit)
                """
        case .apiKeyByHash:
            return "SELECT \(keys.selectList()) FROM api_keys WHERE secret_hash = :secret_hash AND \(SQL.live)"
        case .apiKeyByID:
            return "SELECT \(keys.selectList()) FROM api_keys WHERE \(keys.keyPredicate) AND \(SQL.live)"
        case .touchAPIKey:
            return "UPDATE api_keys SET last_used_at = :last_used_at WHERE \(keys.keyPredicate) AND \(SQL.live)"
        case .apiKeysOfTenant:
            return """
                SELECT \(keys.selectList()) FROM api_keys WHERE dialect = :dialect AND tenant = :tenant
                AND \(SQL.live) ORDER BY created_at DESC, seq DESC
                """
        case .putAPIKey:
            return keys.upsert
        case .deleteAPIKey:
            return "DELETE FROM api_keys WHERE dialect = :dialect AND tenant = :tenant AND key_id = :key_id"
        case .getSetting:
            return "SELECT value FROM settings WHERE dialect = :dialect AND tenant = :tenant AND key = :key"
        case .putSetting:
            return """
                INSERT INTO settings (dialect, tenant, key, value) VALUES (:dialect, :tenant, :key, :value)
                ON CONFLICT (dialect, tenant, key) DO UPDATE SET value = excluded.value
                """
        case .deleteSetting:
            return "DELETE FROM settings WHERE dialect = :dialect AND tenant = :tenant AND key = :key"
        case .savepoint: return "SAVEPOINT body"
        case .release: return "RELEASE body"
        case .rollbackTo: return "ROLLBACK TO body"
        case .beginImmediate: return "BEGIN IMMEDIATE"
        case .begin: return "BEGIN"
        case .commit: return "COMMIT"
        case .rollback: return "ROLLBACK"
        }
    }

    /// The list statement for a filter combination. Parameters: :dialect, :tenant, :now,
    /// :limit, and :status, :external_id, :assignee, :depends_on for the filters it has.
    static func list(status: Bool, externalID: Bool, assignee: Bool, dependsOn: Bool, full: Bool) -> String {
        let tasks = TaskColumns.set
        if dependsOn {
            var sql = """
                SELECT \(tasks.selectList(alias: "t", summary: !full)) FROM task_edges AS e CROSS JOIN tasks AS t
                ON t.dialect = e.dialect AND t.tenant = e.tenant AND t.id = e.task_id
                WHERE e.dialect = :dialect AND e.tenant = :tenant AND e.depends_on = :depends_on
                """
            if status { sql += " AND t.status = :status" }
            if externalID { sql += " AND t.external_id = :external_id" }
            if assignee { sql += " AND t.assignee = :assignee" }
            sql += " AND (t.expires_at IS NULL OR t.expires_at > :now) ORDER BY e.task_created_at DESC, e.task_seq DESC LIMIT :limit"
            return sql
        }
        var sql = "SELECT \(tasks.selectList(summary: !full)) FROM tasks WHERE dialect = :dialect AND tenant = :tenant"
        if status { sql += " AND status = :status" }
        if externalID { sql += " AND external_id = :external_id" }
        if assignee { sql += " AND assignee = :assignee" }
        sql += " AND \(live) ORDER BY created_at DESC, seq DESC LIMIT :limit"
        return sql
    }
}
