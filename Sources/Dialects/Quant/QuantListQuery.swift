import Routing
import Store

/// The validated query of listTasks. The spec declares no 400 for this operation, but it does
/// declare the types: an unknown `status`, a `limit` outside 1...100 or a non-boolean
/// `includeDetails` gets a 400 naming the parameter rather than being silently ignored. An
/// empty value (`?status=`) counts as not given.
struct QuantListQuery: Sendable {
    var status: String?
    var taskListId: String?
    var assignedAgentId: String?
    var limit = 50
    var dependsOn: String?
    var includeDetails = false

    init(_ q: Query) throws(QuantValidationError) {
        if let s = Self.given(q["status"]) {
            guard QuantStatus(rawValue: s) != nil else {
                throw QuantValidationError("status", "status must be one of: \(QuantStatus.allowedList), got \"\(s)\"")
            }
            status = s
        }
        taskListId = Self.given(q["taskListId"])
        assignedAgentId = Self.given(q["assignedAgentId"])
        if let l = Self.given(q["limit"]) {
            guard let n = Int(l), (1...100).contains(n) else {
                throw QuantValidationError("limit", "limit must be an integer between 1 and 100, got \"\(l)\"")
            }
            limit = n
        }
        dependsOn = Self.given(q["dependsOn"])
        if let b = Self.given(q["includeDetails"]) {
            guard let v = Self.bool(b) else {
                throw QuantValidationError("includeDetails", "includeDetails must be true or false, got \"\(b)\"")
            }
            includeDetails = v
        }
    }

    /// `true`/`false` (any case) and `1`/`0`: what query-string booleans are in practice.
    static func bool(_ s: String) -> Bool? {
        switch s.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: return nil
        }
    }

    private static func given(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return s
    }

    /// The store query. Full records (detail and dependsOn) only for `includeDetails` with
    /// `dependsOn`, the one shape that returns full task objects.
    func taskQuery(organisation: String) -> TaskQuery {
        var q = TaskQuery(dialect: QuantTask.dialect, tenant: organisation)
        q.status = status
        q.externalID = taskListId
        q.assignee = assignedAgentId
        q.dependsOn = dependsOn
        q.limit = limit
        q.full = dependsOn != nil && includeDetails
        return q
    }
}
