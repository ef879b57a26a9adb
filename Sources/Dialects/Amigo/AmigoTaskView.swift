import FastAPI
import JSON
import Store

/// Renders stored records as `TaskStateResponse` / `TaskListResponse` without parsing: the
/// typed columns first, then the stored members (`AmigoTask.summaryJSON`).
enum AmigoTaskView {
    static func write(_ r: TaskRecord, to w: inout JSONWriter) {
        w.beginObject()
        w.key("task_id"); w.string(r.id)
        w.key("call_sid"); w.string(r.externalID ?? "")
        w.key("workspace_id"); w.string(r.tenant)
        w.key("skill"); w.string(r.title)
        w.members(ofObject: r.summaryJSON)
        w.endObject()
    }

    static func task(_ r: TaskRecord) -> [UInt8] {
        var w = JSONWriter(capacity: 512)
        write(r, to: &w)
        return w.bytes
    }

    static func list(_ records: [TaskRecord]) -> [UInt8] {
        var w = JSONWriter(capacity: 64 + records.count * 512)
        w.beginObject()
        w.key("tasks")
        w.beginArray()
        for r in records { write(r, to: &w) }
        w.endArray()
        w.endObject()
        return w.bytes
    }
}
