import Routing
import Store

/// The validated query of listTasks. The spec declares only 200 and 500 for this operation,
/// so a value some client could mean finds what it names, possibly nothing: a `dependsOn`
/// that is no UUID (the vendor's own example is `?dependsOn=task-123`) is an ordinary filter.
/// A 400 is kept only for values no client could mean, each outside the type the spec
/// declares: a `status` outside the enum, a `limit` that is not an integer from 1 to 100, an
/// `includeDetails` that is not a boolean. A blank value (`?status=`, `?taskListId=%20`)
/// counts as not given, the same rule that makes a blank `taskListId` in a body mean none.
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
        guard let s, !QuantBody.isBlank(s) else { return nil }
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
