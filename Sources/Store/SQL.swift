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
    case seqOfTask
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
    case settingsOfTenant
    case resourceByKey
    case putResource
    case deleteResource
    case sweepResources
    case nextSequence
    case raiseSequence
    case currentSequence
    case insertDelivery
    case deliveryIDByEvent
    case deliveryByID
    case dueDeliveries
    case nextDueDelivery
    case leaseDelivery
    case insertAttempt
    case finishAttempt
    case replayDelivery
    case attemptsOf
    case pruneDeliveries
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
        let resources = ResourceColumns.set
        let deliveries = DeliveryColumns.set
        switch self {
        case .taskByKey:
            return "SELECT \(tasks.selectList()) FROM tasks WHERE \(SQL.taskKey) AND \(SQL.live)"
        case .liveExists:
            return "SELECT 1 FROM tasks WHERE \(SQL.taskKey) AND \(SQL.live)"
        case .seqOfTask:
            return "SELECT seq FROM tasks WHERE \(SQL.taskKey)"
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
            return tasks.insert
        case .upsertTask:
            return tasks.upsert
        case .updateTask:
            return "UPDATE tasks SET \(tasks.updateSet) WHERE \(tasks.keyPredicate) AND \(SQL.live)"
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
        case .settingsOfTenant:
            return "SELECT key, value FROM settings WHERE dialect = :dialect AND tenant = :tenant ORDER BY key"
        case .resourceByKey:
            return "SELECT \(resources.selectList()) FROM resources WHERE \(resources.keyPredicate) AND \(SQL.live)"
        case .putResource:
            return resources.upsert
        case .deleteResource:
            return "DELETE FROM resources WHERE \(resources.keyPredicate)"
        case .sweepResources:
            return "DELETE FROM resources WHERE seq IN (SELECT seq FROM resources WHERE expires_at <= :now ORDER BY expires_at LIMIT :limit)"
        case .nextSequence:
            return """
                INSERT INTO counters (dialect, name, value) VALUES (:dialect, :name, 1)
                ON CONFLICT (dialect, name) DO UPDATE SET value = value + 1 RETURNING value
                """
        case .raiseSequence:
            return """
                INSERT INTO counters (dialect, name, value) VALUES (:dialect, :name, :value)
                ON CONFLICT (dialect, name) DO UPDATE SET value = max(value, excluded.value)
                """
        case .currentSequence:
            return "SELECT value FROM counters WHERE dialect = :dialect AND name = :name"
        case .insertDelivery:
            // The same event enqueued twice is one delivery: the second insert does nothing.
            return deliveries.insert + " ON CONFLICT (dialect, event_id) DO NOTHING RETURNING id"
        case .deliveryIDByEvent:
            return "SELECT id FROM outbox WHERE dialect = :dialect AND event_id = :event_id"
        case .deliveryByID:
            return "SELECT \(deliveries.selectList()) FROM outbox WHERE id = :id"
        case .dueDeliveries:
            // outbox_due walked in order: (status, next_attempt_at, id).
            return """
                SELECT \(deliveries.selectList()) FROM outbox WHERE status = 'pending' AND next_attempt_at <= :now
                ORDER BY next_attempt_at, id LIMIT :limit
                """
        case .nextDueDelivery:
            return "SELECT min(next_attempt_at) FROM outbox WHERE status = 'pending'"
        case .leaseDelivery:
            return "UPDATE outbox SET next_attempt_at = :next_attempt_at WHERE id = :id AND status = 'pending'"
        case .insertAttempt:
            return """
                INSERT INTO outbox_attempts (outbox_id, attempt, at, http_status, error, duration_ms)
                VALUES (:outbox_id, :attempt, :at, :http_status, :error, :duration_ms)
                """
        case .finishAttempt:
            return """
                UPDATE outbox SET attempts = attempts + 1, round_attempts = round_attempts + 1,
                last_status = :http_status, last_error = :error, status = :status, next_attempt_at = :next_attempt_at,
                delivered_at = coalesce(:at, delivered_at)
                WHERE id = :id AND status = 'pending' RETURNING attempts
                """
        case .replayDelivery:
            return """
                UPDATE outbox SET status = 'pending', next_attempt_at = :next_attempt_at, round_attempts = 0
                WHERE id = :id
                """
        case .attemptsOf:
            return "SELECT attempt, at, http_status, error, duration_ms FROM outbox_attempts WHERE outbox_id = :outbox_id ORDER BY attempt"
        case .pruneDeliveries:
            return """
                DELETE FROM outbox WHERE id IN (SELECT id FROM outbox
                WHERE status IN ('delivered', 'undelivered') AND created_at < :now LIMIT :limit)
                """
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

extension SQL {
    /// A resource list: one kind of one tenant, newest first, optionally after a cursor
    /// (`(created_at, seq) < (:after_created_at, :after_seq)`, a row value the index range
    /// answers) and optionally without the data column.
    static func resourceList(after: Bool, data: Bool) -> String {
        var sql = """
            SELECT \(ResourceColumns.set.selectList(summary: !data)) FROM resources
            WHERE dialect = :dialect AND tenant = :tenant AND kind = :kind
            """
        if after { sql += " AND (created_at, seq) < (:after_created_at, :after_seq)" }
        sql += " AND \(live) ORDER BY created_at DESC, seq DESC LIMIT :limit"
        return sql
    }
}

extension SQL {
    /// A delivery list, newest first, with the filters a `DeliveryFilter` sets.
    static func deliveryList(dialect: Bool, tenant: Bool, status: Bool, before: Bool) -> String {
        var conditions: [String] = []
        if dialect { conditions.append("dialect = :dialect") }
        if tenant { conditions.append("tenant = :tenant") }
        if status { conditions.append("status = :status") }
        if before { conditions.append("id < :after_id") }
        var sql = "SELECT \(DeliveryColumns.set.selectList()) FROM outbox"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        return sql + " ORDER BY id DESC LIMIT :limit"
    }
}

extension SQL {
    /// An export page of tasks: the seq (rowid) range walked in order, with `tenant` and
    /// `seq` selected after the row's columns (`TaskStore.exportTasks` reads them there).
    /// `NOT INDEXED` keeps the planner on the rowid walk rather than a (dialect, tenant) index
    /// plus a sort.
    static func exportTasks(tenant: Bool) -> String {
        """
        SELECT \(TaskColumns.set.selectList()), tenant, seq FROM tasks NOT INDEXED
        WHERE seq > :after_seq AND dialect = :dialect\(tenant ? " AND tenant = :tenant" : "") AND \(live)
        ORDER BY seq LIMIT :limit
        """
    }

    static func exportResources(tenant: Bool) -> String {
        """
        SELECT \(ResourceColumns.set.selectList()) FROM resources NOT INDEXED
        WHERE seq > :after_seq AND dialect = :dialect\(tenant ? " AND tenant = :tenant" : "") AND \(live)
        ORDER BY seq LIMIT :limit
        """
    }
}

/// The families of list statements a connection caches by filter shape.
enum ListFamily: Int, CaseIterable {
    case tasks
    case resources
    case deliveries
}
