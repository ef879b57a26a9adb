import JSON

/// A task from a seed document: an object exactly as getTask returns it, so that real API
/// responses can be pasted in as fixtures. Ids, timestamps and dependencies are kept as given;
/// no side effect is applied. Types and ranges are checked as for requests, `null` means
/// unset (the vendor's examples omit unset fields, but a pasted body may carry nulls), and an
/// unknown member is an error rather than silently lost data.
extension QuantTask {
    init(seed v: JSONValue, organisation: String, context: String, now: Int64) throws(QuantValidationError) {
        guard let o = v.objectValue else {
            throw QuantValidationError(context, "\(context) must be a task object, got \(v.typeName)")
        }
        let b = QuantBody(object: o, context: context + ".")
        for k in o.keys where !Self.fieldNames.contains(k) {
            throw QuantValidationError(context + "." + k, "\(context).\(k) is not a field of a Quant task")
        }
        let id = try b.string("taskId", nullable: true).value
        if let id, id.isEmpty { throw QuantValidationError(context + ".taskId", "\(context).taskId must not be empty") }
        if let org = try b.string("orgId", nullable: true).value, org != organisation {
            throw QuantValidationError(context + ".orgId",
                                       "\(context).orgId is \"\(org)\" but the task is seeded under organisation \"\(organisation)\"")
        }
        guard let title = try b.nonEmptyString("title").value else {
            throw QuantValidationError(context + ".title", "\(context).title is required")
        }
        let status = try b.status("status").value ?? .pending
        let createdAt = try b.integer("createdAt", in: 0...Int64.max, nullable: true).value ?? now
        let updatedAt = try b.integer("updatedAt", in: 0...Int64.max, nullable: true).value ?? createdAt
        self.init(taskId: id ?? QuantTaskID.make(), orgId: organisation, title: title, status: status.rawValue,
                  createdAt: createdAt, updatedAt: updatedAt)
        taskListId = try b.filterKey("taskListId", nullable: true).value
        description = try b.string("description", nullable: true).value
        assignedAgentId = try b.filterKey("assignedAgentId", nullable: true).value
        createdByAgentId = try b.string("createdByAgentId", nullable: true).value
        dependsOn = try b.ids("dependsOn", nullable: true).value ?? []
        metadata = try b.object("metadata", nullable: true).value
        progress = try b.number("progress", in: 0...1, nullable: true).value
        progressMessage = try b.string("progressMessage", nullable: true).value
        result = try b.object("result", nullable: true).value
        error = try b.string("error", nullable: true).value
        retryCount = try b.integer("retryCount", in: 0...Int64.max, nullable: true).value
        maxRetries = try b.integer("maxRetries", in: 0...10, nullable: true).value
        startedAt = try b.integer("startedAt", in: 0...Int64.max, nullable: true).value
        completedAt = try b.integer("completedAt", in: 0...Int64.max, nullable: true).value
        expiresAt = try b.integer("expiresAt", in: 0...Int64.max, nullable: true).value
        blockedReason = try b.string("blockedReason", nullable: true).value
        blockedByTaskIds = try b.ids("blockedByTaskIds", nullable: true).value
        blockedAt = try b.integer("blockedAt", in: 0...Int64.max, nullable: true).value
    }
}
