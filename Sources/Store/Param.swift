/// The named parameters (`:name`) of the store's fixed SQL that are not row columns.
///
/// Every statement is written with names, never `?N`. When a statement is prepared its
/// connection resolves each of these names once with `sqlite3_bind_parameter_index` and
/// caches the indexes (`Prepared.params`), so binding by name costs an array load. Row
/// values are bound by their column's name through `ColumnSet` (the same mechanism).
enum Param: Int, CaseIterable {
    case dialect, tenant, id, now, limit
    case status, externalID, assignee, dependsOn
    case taskID, position, taskCreatedAt, taskSeq
    case key, value, name
    case secretHash, keyID, lastUsedAt
    case kind, afterCreatedAt, afterSeq, afterID
    case eventID, outboxID, attempt, at, httpStatus, error, durationMillis, nextAttemptAt, lease

    /// The name as written in SQL, without the colon.
    var name: String {
        switch self {
        case .dialect: return "dialect"
        case .tenant: return "tenant"
        case .id: return "id"
        case .now: return "now"
        case .limit: return "limit"
        case .status: return "status"
        case .externalID: return "external_id"
        case .assignee: return "assignee"
        case .dependsOn: return "depends_on"
        case .taskID: return "task_id"
        case .position: return "position"
        case .taskCreatedAt: return "task_created_at"
        case .taskSeq: return "task_seq"
        case .key: return "key"
        case .value: return "value"
        case .name: return "name"
        case .secretHash: return "secret_hash"
        case .keyID: return "key_id"
        case .lastUsedAt: return "last_used_at"
        case .kind: return "kind"
        case .afterCreatedAt: return "after_created_at"
        case .afterSeq: return "after_seq"
        case .afterID: return "after_id"
        case .eventID: return "event_id"
        case .outboxID: return "outbox_id"
        case .attempt: return "attempt"
        case .at: return "at"
        case .httpStatus: return "http_status"
        case .error: return "error"
        case .durationMillis: return "duration_ms"
        case .nextAttemptAt: return "next_attempt_at"
        case .lease: return "lease"
        }
    }
}
