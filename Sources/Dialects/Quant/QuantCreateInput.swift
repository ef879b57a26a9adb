import JSON

/// A validated `createTask_request`. Only `title` is required; the documented defaults apply
/// (status `pending`, maxRetries 3) plus the ones a new task needs to match the vendor's
/// example (dependsOn `[]`, metadata `{}`, progress 0, retryCount 0). Members that are not in
/// the request schema are ignored, as the schema allows additional properties.
struct QuantCreateInput: QuantRequestInput, Sendable {
    var title: String
    var description: String?
    var taskListId: String?
    var status: QuantStatus
    var assignedAgentId: String?
    var createdByAgentId: String?
    var dependsOn: [String]
    var metadata: [String: JSONValue]
    var maxRetries: Int64
    var blockedReason: String?
    var blockedByTaskIds: [String]?

    init(_ b: QuantBody) throws(QuantValidationError) {
        guard let t = try b.nonEmptyString("title").value else {
            throw QuantValidationError("title", "title is required")
        }
        title = t
        description = try b.string("description").value
        taskListId = try b.filterKey("taskListId").value
        status = try b.status("status").value ?? .pending
        assignedAgentId = try b.filterKey("assignedAgentId").value
        createdByAgentId = try b.string("createdByAgentId").value
        dependsOn = try b.ids("dependsOn").value ?? []
        metadata = try b.object("metadata").value ?? [:]
        maxRetries = try b.integer("maxRetries", in: 0...10).value ?? 3
        blockedReason = try b.string("blockedReason").value
        blockedByTaskIds = try b.ids("blockedByTaskIds").value
    }

    /// The new task, stamped at `now` with the status side effects of its initial status.
    func makeTask(id: String, organisation: String, now: Int64, completedTTLMillis ttl: Int64) -> QuantTask {
        var t = QuantTask(taskId: id, orgId: organisation, title: title, status: QuantStatus.pending.rawValue,
                          createdAt: now, updatedAt: now)
        t.taskListId = taskListId
        t.description = description
        t.assignedAgentId = assignedAgentId
        t.createdByAgentId = createdByAgentId
        t.dependsOn = dependsOn
        t.metadata = metadata
        t.progress = 0
        t.retryCount = 0
        t.maxRetries = maxRetries
        t.transition(from: nil, to: status, now: now, completedTTLMillis: ttl)
        t.blockedReason = blockedReason
        t.blockedByTaskIds = blockedByTaskIds
        return t
    }
}
