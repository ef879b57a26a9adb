import JSBackend
import JSON
import Store

/// The mapping between a Quant task and the neutral `TaskRecord`.
///
/// Typed record columns: tenant = organisation, id = taskId, externalID = taskListId,
/// assignee = assignedAgentId, status, title, dependsOn, createdAt, updatedAt, startedAt,
/// completedAt, expiresAt. The summary fields a list shows beyond those (description, progress,
/// blockedReason, blockedByTaskIds) go in `summaryJSON`; the rest of the full view in
/// `detailJSON`. Both are written in a fixed key order so that equal tasks store equal text.
extension QuantTask {
    static let dialect = "quant"

    var record: TaskRecord {
        TaskRecord(dialect: Self.dialect, tenant: orgId, id: taskId, externalID: taskListId, status: status,
                   title: title, assignee: assignedAgentId, dependsOn: dependsOn, summaryJSON: summaryJSON,
                   detailJSON: detailJSON, createdAt: createdAt, updatedAt: updatedAt, startedAt: startedAt,
                   completedAt: completedAt, expiresAt: expiresAt)
    }

    /// Numbers, the client's own included (metadata, result), are stored as the vendor's
    /// JavaScript writes them (`JSNumberStyle`: `1e-7`, `0` for `-0`, integers past 2^53 as
    /// the double they became), so the read path splices them unchanged.
    var summaryJSON: String {
        var w = JSONWriter(capacity: 256, numberStyle: .javaScript)
        w.beginObject()
        if let description { w.key("description"); w.string(description) }
        if let progress { w.key("progress"); w.double(progress) }
        if let blockedReason { w.key("blockedReason"); w.string(blockedReason) }
        if let blockedByTaskIds { w.key("blockedByTaskIds"); Self.writeStrings(blockedByTaskIds, &w) }
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    var detailJSON: String {
        var w = JSONWriter(capacity: 256, numberStyle: .javaScript)
        w.beginObject()
        if let createdByAgentId { w.key("createdByAgentId"); w.string(createdByAgentId) }
        if let metadata { w.key("metadata"); w.value(.object(metadata)) }
        if let progressMessage { w.key("progressMessage"); w.string(progressMessage) }
        if let result { w.key("result"); w.value(.object(result)) }
        if let error { w.key("error"); w.string(error) }
        if let retryCount { w.key("retryCount"); w.int(retryCount) }
        if let maxRetries { w.key("maxRetries"); w.int(maxRetries) }
        if let blockedAt { w.key("blockedAt"); w.int(blockedAt) }
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    static func writeStrings(_ a: [String], _ w: inout JSONWriter) {
        w.beginArray()
        for s in a { w.string(s) }
        w.endArray()
    }

    /// Rebuilds the task from a full record (write path only: it parses the two JSON texts).
    /// The record must come from a full read (`dependsOn` filled, `detailJSON` present).
    init(record r: TaskRecord) throws(JSONParseError) {
        self.init(taskId: r.id, orgId: r.tenant, title: r.title, status: r.status,
                  createdAt: r.createdAt, updatedAt: r.updatedAt)
        taskListId = r.externalID
        assignedAgentId = r.assignee
        dependsOn = r.dependsOn
        startedAt = r.startedAt
        completedAt = r.completedAt
        expiresAt = r.expiresAt
        let s = try JSONParser.parse(r.summaryJSON, options: NodeJSON.options)
        description = s["description"]?.stringValue
        progress = s["progress"]?.doubleValue
        blockedReason = s["blockedReason"]?.stringValue
        blockedByTaskIds = s["blockedByTaskIds"]?.arrayValue?.compactMap(\.stringValue)
        let d = try JSONParser.parse(r.detailJSON, options: NodeJSON.options)
        createdByAgentId = d["createdByAgentId"]?.stringValue
        metadata = d["metadata"]?.objectValue
        progressMessage = d["progressMessage"]?.stringValue
        result = d["result"]?.objectValue
        error = d["error"]?.stringValue
        retryCount = d["retryCount"]?.intValue
        maxRetries = d["maxRetries"]?.intValue
        blockedAt = d["blockedAt"]?.intValue
    }

    /// The full task as a JSON value (getTask's body), for tests and the seed round trip.
    var jsonValue: JSONValue {
        var o: [String: JSONValue] = ["taskId": .string(taskId), "orgId": .string(orgId), "title": .string(title),
                                      "status": .string(status), "dependsOn": .array(dependsOn.map(JSONValue.string)),
                                      "createdAt": .int(createdAt), "updatedAt": .int(updatedAt)]
        if let taskListId { o["taskListId"] = .string(taskListId) }
        if let description { o["description"] = .string(description) }
        if let assignedAgentId { o["assignedAgentId"] = .string(assignedAgentId) }
        if let createdByAgentId { o["createdByAgentId"] = .string(createdByAgentId) }
        if let metadata { o["metadata"] = .object(metadata) }
        if let progress { o["progress"] = .double(progress) }
        if let progressMessage { o["progressMessage"] = .string(progressMessage) }
        if let result { o["result"] = .object(result) }
        if let error { o["error"] = .string(error) }
        if let retryCount { o["retryCount"] = .int(retryCount) }
        if let maxRetries { o["maxRetries"] = .int(maxRetries) }
        if let startedAt { o["startedAt"] = .int(startedAt) }
        if let completedAt { o["completedAt"] = .int(completedAt) }
        if let expiresAt { o["expiresAt"] = .int(expiresAt) }
        if let blockedReason { o["blockedReason"] = .string(blockedReason) }
        if let blockedByTaskIds { o["blockedByTaskIds"] = .array(blockedByTaskIds.map(JSONValue.string)) }
        if let blockedAt { o["blockedAt"] = .int(blockedAt) }
        return .object(o)
    }
}
