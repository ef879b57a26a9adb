import JSON
import Store

/// Renders stored records as the vendor's JSON, straight from the record's typed fields and
/// its two stored object texts (spliced with `members(ofObject:)`). This is the get/list hot
/// path: no JSON parsing, no Foundation, one growing byte buffer.
enum QuantRenderer {
    /// The list item (`listTasks_200_response_tasks_inner`): taskId, orgId, taskListId, title,
    /// status, assignedAgentId, then description, progress, blockedReason, blockedByTaskIds
    /// (from `summaryJSON`), createdAt, updatedAt. Unset fields are left out.
    static func writeSummary(_ r: TaskRecord, _ w: inout JSONWriter) {
        w.beginObject()
        writeSummaryMembers(r, &w)
        w.key("createdAt"); w.int(r.createdAt)
        w.key("updatedAt"); w.int(r.updatedAt)
        w.endObject()
    }

    private static func writeSummaryMembers(_ r: TaskRecord, _ w: inout JSONWriter) {
        w.key("taskId"); w.string(r.id)
        w.key("orgId"); w.string(r.tenant)
        if let l = r.externalID { w.key("taskListId"); w.string(l) }
        w.key("title"); w.string(r.title)
        w.key("status"); w.string(r.status)
        if let a = r.assignee { w.key("assignedAgentId"); w.string(a) }
        w.members(ofObject: r.summaryJSON)
    }

    /// The full task (`getTask_200_response`). The record must come from a full read.
    static func writeFull(_ r: TaskRecord, _ w: inout JSONWriter) {
        w.beginObject()
        writeSummaryMembers(r, &w)
        w.key("dependsOn"); QuantTask.writeStrings(r.dependsOn, &w)
        w.members(ofObject: r.detailJSON)
        w.key("createdAt"); w.int(r.createdAt)
        w.key("updatedAt"); w.int(r.updatedAt)
        if let t = r.startedAt { w.key("startedAt"); w.int(t) }
        if let t = r.completedAt { w.key("completedAt"); w.int(t) }
        if let t = r.expiresAt { w.key("expiresAt"); w.int(t) }
        w.endObject()
    }

    static func full(_ r: TaskRecord) -> [UInt8] {
        var w = JSONWriter(capacity: 1024)
        writeFull(r, &w)
        return w.bytes
    }

    /// A graph node: the summary plus `dependsOn` and `dependents` (ids within the list).
    static func writeGraphNode(_ r: TaskRecord, dependents: [String], _ w: inout JSONWriter) {
        w.beginObject()
        writeSummaryMembers(r, &w)
        w.key("createdAt"); w.int(r.createdAt)
        w.key("updatedAt"); w.int(r.updatedAt)
        w.key("dependsOn"); QuantTask.writeStrings(r.dependsOn, &w)
        w.key("dependents"); QuantTask.writeStrings(dependents, &w)
        w.endObject()
    }
}
