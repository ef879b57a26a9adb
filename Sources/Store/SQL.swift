/// Every fixed statement the store runs, prepared once per connection and cached.
///
/// Keeping the text here (and the schema in schema.sql) means the plans that matter are in
/// one place; `StorePlanTests` asserts them with EXPLAIN QUERY PLAN. The predicate
/// `(expires_at IS NULL OR expires_at > ?now)` appears in every read: a task is invisible from
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
    case apiKeysOfTenant
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

    /// Columns a task read selects, in `TaskRow.decode` order. dialect and tenant are not
    /// selected: the caller already has them.
    static let taskColumns = "id, external_id, status, title, assignee, summary_json, detail_json, created_at, updated_at, started_at, completed_at, expires_at, dep_count"
    /// The same with the detail column replaced by '{}' (summaries).
    static let summaryColumns = "id, external_id, status, title, assignee, summary_json, '{}', created_at, updated_at, started_at, completed_at, expires_at, dep_count"
    static let apiKeyColumns = "dialect, tenant, key_id, secret_hash, name, role, permissions_json, created_at, expires_at, created_by"
    static let live = "(expires_at IS NULL OR expires_at > ?4)"

    var text: String {
        switch self {
        case .taskByKey:
            return "SELECT \(SQL.taskColumns) FROM tasks WHERE dialect = ?1 AND tenant = ?2 AND id = ?3 AND \(SQL.live)"
        case .liveExists:
            return "SELECT 1 FROM tasks WHERE dialect = ?1 AND tenant = ?2 AND id = ?3 AND \(SQL.live)"
        case .edgesOf:
            return "SELECT depends_on FROM task_edges WHERE dialect = ?1 AND tenant = ?2 AND task_id = ?3 ORDER BY position"
        case .dependentsOf:
            // CROSS JOIN pins the edge index as the outer loop: its order is the result order.
            return """
                SELECT e.task_id FROM task_edges AS e CROSS JOIN tasks AS t
                ON t.dialect = e.dialect AND t.tenant = e.tenant AND t.id = e.task_id
                WHERE e.dialect = ?1 AND e.tenant = ?2 AND e.depends_on = ?3
                AND (t.expires_at IS NULL OR t.expires_at > ?4)
                ORDER BY e.task_created_at DESC, e.task_id DESC
                """
        case .anyDependent:
            return "SELECT 1 FROM task_edges WHERE dialect = ?1 AND tenant = ?2 AND depends_on = ?3 LIMIT 1"
        case .insertTask:
            return """
                INSERT INTO tasks (dialect, tenant, id, external_id, status, title, assignee, summary_json, detail_json,
                created_at, updated_at, started_at, completed_at, expires_at, dep_count)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
                """
        case .upsertTask:
            return """
                INSERT INTO tasks (dialect, tenant, id, external_id, status, title, assignee, summary_json, detail_json,
                created_at, updated_at, started_at, completed_at, expires_at, dep_count)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
                ON CONFLICT (dialect, tenant, id) DO UPDATE SET external_id = excluded.external_id,
                status = excluded.status, title = excluded.title, assignee = excluded.assignee,
                summary_json = excluded.summary_json, detail_json = excluded.detail_json,
                created_at = excluded.created_at, updated_at = excluded.updated_at, started_at = excluded.started_at,
                completed_at = excluded.completed_at, expires_at = excluded.expires_at, dep_count = excluded.dep_count
                """
        case .updateTask:
            return """
                UPDATE tasks SET external_id = ?4, status = ?5, title = ?6, assignee = ?7, summary_json = ?8,
                detail_json = ?9, created_at = ?10, updated_at = ?11, started_at = ?12, completed_at = ?13,
                expires_at = ?14, dep_count = ?15
                WHERE dialect = ?1 AND tenant = ?2 AND id = ?3 AND (expires_at IS NULL OR expires_at > ?16)
                """
        case .deleteTask:
            return "DELETE FROM tasks WHERE dialect = ?1 AND tenant = ?2 AND id = ?3"
        case .deleteExpiredKey:
            return "DELETE FROM tasks WHERE dialect = ?1 AND tenant = ?2 AND id = ?3 AND expires_at <= ?4"
        case .deleteEdges:
            return "DELETE FROM task_edges WHERE dialect = ?1 AND tenant = ?2 AND task_id = ?3"
        case .insertEdge:
            return "INSERT INTO task_edges (dialect, tenant, task_id, position, depends_on, task_created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        case .deleteTenantEdges:
            return "DELETE FROM task_edges WHERE dialect = ?1 AND tenant = ?2"
        case .deleteTenantTasks:
            return "DELETE FROM tasks WHERE dialect = ?1 AND tenant = ?2"
        case .graphTasks:
            return """
                SELECT \(SQL.summaryColumns) FROM tasks
                WHERE dialect = ?1 AND tenant = ?2 AND external_id = ?3 AND \(SQL.live)
                ORDER BY created_at DESC, id DESC
                """
        case .sweepTasks:
            return "DELETE FROM tasks WHERE rowid IN (SELECT rowid FROM tasks WHERE expires_at <= ?1 ORDER BY expires_at LIMIT ?2)"
        case .sweepAPIKeys:
            return """
                DELETE FROM api_keys WHERE (dialect, tenant, key_id) IN
                (SELECT dialect, tenant, key_id FROM api_keys WHERE expires_at <= ?1 ORDER BY expires_at LIMIT ?2)
                """
        case .apiKeyByHash:
            return "SELECT \(SQL.apiKeyColumns) FROM api_keys WHERE secret_hash = ?1 AND (expires_at IS NULL OR expires_at > ?2)"
        case .apiKeysOfTenant:
            return """
                SELECT \(SQL.apiKeyColumns) FROM api_keys WHERE dialect = ?1 AND tenant = ?2
                AND (expires_at IS NULL OR expires_at > ?3) ORDER BY created_at DESC, key_id DESC
                """
        case .putAPIKey:
            return """
                INSERT INTO api_keys (dialect, tenant, key_id, secret_hash, name, role, permissions_json, created_at, expires_at, created_by)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                ON CONFLICT (dialect, tenant, key_id) DO UPDATE SET secret_hash = excluded.secret_hash, name = excluded.name,
                role = excluded.role, permissions_json = excluded.permissions_json, created_at = excluded.created_at,
                expires_at = excluded.expires_at, created_by = excluded.created_by
                """
        case .deleteAPIKey:
            return "DELETE FROM api_keys WHERE dialect = ?1 AND tenant = ?2 AND key_id = ?3"
        case .getSetting:
            return "SELECT value FROM settings WHERE dialect = ?1 AND tenant = ?2 AND key = ?3"
        case .putSetting:
            return "INSERT INTO settings (dialect, tenant, key, value) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (dialect, tenant, key) DO UPDATE SET value = excluded.value"
        case .deleteSetting:
            return "DELETE FROM settings WHERE dialect = ?1 AND tenant = ?2 AND key = ?3"
        case .savepoint: return "SAVEPOINT body"
        case .release: return "RELEASE body"
        case .rollbackTo: return "ROLLBACK TO body"
        case .beginImmediate: return "BEGIN IMMEDIATE"
        case .begin: return "BEGIN"
        case .commit: return "COMMIT"
        case .rollback: return "ROLLBACK"
        }
    }

    /// The list statement for a filter combination. Parameters: ?1 dialect, ?2 tenant,
    /// ?3 status, ?4 now, ?5 external id, ?6 assignee, ?7 depends-on id, ?8 limit.
    static func list(status: Bool, externalID: Bool, assignee: Bool, dependsOn: Bool, full: Bool) -> String {
        let cols = full ? taskColumns : summaryColumns
        if dependsOn {
            let tcols = cols.split(separator: ",").map { c -> String in
                let c = c.trimmingCharacters(in: " ")
                return c.hasPrefix("'") ? c : "t." + c
            }.joined(separator: ", ")
            var sql = """
                SELECT \(tcols) FROM task_edges AS e CROSS JOIN tasks AS t
                ON t.dialect = e.dialect AND t.tenant = e.tenant AND t.id = e.task_id
                WHERE e.dialect = ?1 AND e.tenant = ?2 AND e.depends_on = ?7
                """
            if status { sql += " AND t.status = ?3" }
            if externalID { sql += " AND t.external_id = ?5" }
            if assignee { sql += " AND t.assignee = ?6" }
            sql += " AND (t.expires_at IS NULL OR t.expires_at > ?4) ORDER BY e.task_created_at DESC, e.task_id DESC LIMIT ?8"
            return sql
        }
        var sql = "SELECT \(cols) FROM tasks WHERE dialect = ?1 AND tenant = ?2"
        if status { sql += " AND status = ?3" }
        if externalID { sql += " AND external_id = ?5" }
        if assignee { sql += " AND assignee = ?6" }
        sql += " AND \(live) ORDER BY created_at DESC, id DESC LIMIT ?8"
        return sql
    }
}

private extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        var s = self[...]
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
