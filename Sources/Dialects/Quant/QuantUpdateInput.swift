import JSON

/// A validated `updateTask_request`: every field optional, only those sent change.
/// `null` clears the fields the spec marks nullable (taskListId, assignedAgentId, error,
/// blockedReason, blockedByTaskIds); on any other field it is a 400.
struct QuantUpdateInput: QuantRequestInput, Sendable {
    var title: String?
    var description: String?
    var taskListId: QuantField<String> = .absent
    var status: QuantStatus?
    var assignedAgentId: QuantField<String> = .absent
    var dependsOn: [String]?
    var metadata: [String: JSONValue]?
    var progress: Double?
    var progressMessage: String?
    var result: [String: JSONValue]?
    var error: QuantField<String> = .absent
    var retryCount: Int64?
    var maxRetries: Int64?
    var blockedReason: QuantField<String> = .absent
    var blockedByTaskIds: QuantField<[String]> = .absent

    init(_ b: QuantBody) throws(QuantValidationError) {
        title = try b.nonEmptyString("title").value
        description = try b.string("description").value
        taskListId = try b.filterKey("taskListId", nullable: true)
        status = try b.status("status").value
        assignedAgentId = try b.filterKey("assignedAgentId", nullable: true)
        dependsOn = try b.ids("dependsOn").value
        metadata = try b.object("metadata").value
        progress = try b.number("progress", in: 0...1).value
        progressMessage = try b.string("progressMessage").value
        result = try b.object("result").value
        error = try b.string("error", nullable: true)
        retryCount = try b.integer("retryCount", in: 0...Int64.max).value
        maxRetries = try b.integer("maxRetries", in: 0...10).value
        blockedReason = try b.string("blockedReason", nullable: true)
        blockedByTaskIds = try b.ids("blockedByTaskIds", nullable: true)
    }

    /// Applies the update at `now`: plain fields first, then the status side effects, then
    /// the blocked fields the request sets itself (so `{"status":"blocked","blockedReason":..}`
    /// keeps its reason, and an explicit value wins over the clearing on unblock).
    func apply(to t: inout QuantTask, now: Int64, completedTTLMillis ttl: Int64) {
        if let title { t.title = title }
        if let description { t.description = description }
        Self.assign(taskListId, to: &t.taskListId)
        Self.assign(assignedAgentId, to: &t.assignedAgentId)
        if let dependsOn { t.dependsOn = dependsOn }
        if let metadata { t.metadata = metadata }
        if let progress { t.progress = progress }
        if let progressMessage { t.progressMessage = progressMessage }
        if let result { t.result = result }
        Self.assign(error, to: &t.error)
        if let retryCount { t.retryCount = retryCount }
        if let maxRetries { t.maxRetries = maxRetries }
        if let status {
            t.transition(from: QuantStatus(rawValue: t.status), to: status, now: now, completedTTLMillis: ttl)
        }
        Self.assign(blockedReason, to: &t.blockedReason)
        Self.assign(blockedByTaskIds, to: &t.blockedByTaskIds)
        t.updatedAt = now
    }

    private static func assign<T>(_ f: QuantField<T>, to slot: inout T?) {
        switch f {
        case .absent: break
        case .null: slot = nil
        case .value(let v): slot = v
        }
    }
}
