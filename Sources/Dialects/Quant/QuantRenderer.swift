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
        splice(r.summaryJSON, &w)
    }

    /// Splices the members of a stored object text into the object being written, with one
    /// memcpy. Same result as `JSONWriter.members(ofObject:)`, which copies a `Substring`'s
    /// UTF-8 view byte by byte (the top user-space cost of a list in a profile).
    ///
    /// Relies on two invariants: the text is compact `{...}` as `QuantTask` writes it (every
    /// stored Quant record is written through `QuantTask.record`), and the object being
    /// written already has a member, so the spliced members need a leading comma (the
    /// writer's own comma state stays right: its current object already has a member).
    static func splice(_ json: String, _ w: inout JSONWriter) {
        var s = json
        s.withUTF8 { buf in
            guard buf.count > 2 else { return }
            w.bytes.append(UInt8(ascii: ","))
            w.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[1..<(buf.count - 1)]))
        }
    }

    /// The full task (`getTask_200_response`). The record must come from a full read.
    static func writeFull(_ r: TaskRecord, _ w: inout JSONWriter) {
        w.beginObject()
        writeSummaryMembers(r, &w)
        w.key("dependsOn"); QuantTask.writeStrings(r.dependsOn, &w)
        splice(r.detailJSON, &w)
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
