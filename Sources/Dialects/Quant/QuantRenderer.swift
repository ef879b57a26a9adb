import JSON
import Store

/// Renders stored records as the vendor's JSON, straight from the record's typed fields and
/// its two stored object texts (spliced, never parsed). This is the get/list hot path: no
/// JSON parsing, no Foundation, one growing byte buffer (`QuantOutput`).
enum QuantRenderer {
    /// The list item (`listTasks_200_response_tasks_inner`): taskId, orgId, taskListId, title,
    /// status, assignedAgentId, then description, progress, blockedReason, blockedByTaskIds
    /// (from `summaryJSON`), createdAt, updatedAt. Unset fields are left out.
    static func writeSummary(_ r: TaskRecord, _ o: inout QuantOutput) {
        writeSummaryMembers(r, &o)
        writeCreatedUpdated(r, &o)
        o.byte(UInt8(ascii: "}"))
    }

    /// `{` and the summary members, without createdAt/updatedAt and without the closing `}`.
    private static func writeSummaryMembers(_ r: TaskRecord, _ o: inout QuantOutput) {
        o.raw(#"{"taskId":"#); o.string(r.id)
        o.raw(#","orgId":"#); o.string(r.tenant)
        if let l = r.externalID { o.raw(#","taskListId":"#); o.string(l) }
        o.raw(#","title":"#); o.string(r.title)
        o.raw(#","status":"#); o.string(r.status)
        if let a = r.assignee { o.raw(#","assignedAgentId":"#); o.string(a) }
        o.splice(r.summaryJSON)
    }

    private static func writeCreatedUpdated(_ r: TaskRecord, _ o: inout QuantOutput) {
        o.raw(#","createdAt":"#); o.int(r.createdAt)
        o.raw(#","updatedAt":"#); o.int(r.updatedAt)
    }

    /// The full task (`getTask_200_response`). The record must come from a full read.
    static func writeFull(_ r: TaskRecord, _ o: inout QuantOutput) {
        writeSummaryMembers(r, &o)
        o.raw(#","dependsOn":"#); o.strings(r.dependsOn)
        o.splice(r.detailJSON)
        writeCreatedUpdated(r, &o)
        if let t = r.startedAt { o.raw(#","startedAt":"#); o.int(t) }
        if let t = r.completedAt { o.raw(#","completedAt":"#); o.int(t) }
        if let t = r.expiresAt { o.raw(#","expiresAt":"#); o.int(t) }
        o.byte(UInt8(ascii: "}"))
    }

    static func full(_ r: TaskRecord) -> [UInt8] {
        var o = QuantOutput(capacity: 1024)
        writeFull(r, &o)
        return o.bytes
    }

    static func summary(_ r: TaskRecord) -> [UInt8] {
        var o = QuantOutput(capacity: 512)
        writeSummary(r, &o)
        return o.bytes
    }

    /// A graph node: the summary plus `dependsOn` and `dependents` (ids within the list).
    /// One node of the dependency graph, written into the response being built (no buffer of
    /// its own: a large graph is written once, not once per node and again into the answer).
    static func writeGraphNode(_ r: TaskRecord, dependents: [String], _ o: inout QuantOutput) {
        writeSummaryMembers(r, &o)
        writeCreatedUpdated(r, &o)
        o.raw(#","dependsOn":"#); o.strings(r.dependsOn)
        o.raw(#","dependents":"#); o.strings(dependents)
        o.byte(UInt8(ascii: "}"))
    }
}
