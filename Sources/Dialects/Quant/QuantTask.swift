import JSON

/// One Quant task with every field of the vendor's `getTask_200_response`, typed.
///
/// This is the write-path model: create, update and seeding build one, then store it as a
/// `TaskRecord` (`record`). Reads never build it: they render the record directly
/// (`QuantRenderer`), so a get or a list parses no JSON. `nil` means "unset", and unset fields
/// are left out of responses, as in the vendor's examples.
struct QuantTask: Sendable, Equatable {
    var taskId: String
    var orgId: String
    var taskListId: String?
    var title: String
    var description: String?
    var status: String
    var assignedAgentId: String?
    var createdByAgentId: String?
    var dependsOn: [String] = []
    var metadata: [String: JSONValue]?
    var progress: Double?
    var progressMessage: String?
    var result: [String: JSONValue]?
    var error: String?
    var retryCount: Int64?
    var maxRetries: Int64?
    var createdAt: Int64
    var updatedAt: Int64
    var startedAt: Int64?
    var completedAt: Int64?
    var expiresAt: Int64?
    var blockedReason: String?
    var blockedByTaskIds: [String]?
    var blockedAt: Int64?

    init(taskId: String, orgId: String, title: String, status: String, createdAt: Int64, updatedAt: Int64) {
        self.taskId = taskId
        self.orgId = orgId
        self.title = title
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Every field name of the full task, as `getTask` returns it.
    static let fieldNames: Set<String> = [
        "taskId", "orgId", "taskListId", "title", "description", "status", "assignedAgentId",
        "createdByAgentId", "dependsOn", "metadata", "progress", "progressMessage", "result", "error",
        "retryCount", "maxRetries", "createdAt", "updatedAt", "startedAt", "completedAt", "expiresAt",
        "blockedReason", "blockedByTaskIds", "blockedAt",
    ]
}
