import JSON
import Store

/// A file with a presigned link, as the file endpoints and approval-details show it.
struct ChamelioFileLink: Sendable, Equatable {
    var ref: ChamelioFileRef
    var url: String
    var expiresAt: Int64
}

/// Renders tasks and their parts in the vendor's field order.
enum ChamelioTaskView {
    /// `{"task": {...}}` from a stored record, without parsing: `task_id`, then the stored members.
    static func task(_ r: TaskRecord) -> [UInt8] {
        var w = JSONWriter(capacity: 256 + r.summaryJSON.utf8.count)
        w.beginObject()
        w.key("task")
        w.beginObject()
        w.key("task_id"); w.raw(r.id)
        w.members(ofObject: r.summaryJSON)
        w.endObject()
        w.endObject()
        return w.bytes
    }

    /// `GET /tasks/{id}/approval-details`, or nil when the task is not waiting at an approval
    /// step. `eligible_approvers_active`: the step's assignee; `next_eligible_approvers`: the
    /// assignees of the approval steps after it (as far as they can be resolved now);
    /// `variables_to_approve`: the task's variables; `files`: the file variables' files with
    /// links when asked (`include_files`), else empty.
    static func approvalDetails(_ t: ChamelioTask, files: [ChamelioFileLink]) -> [UInt8]? {
        guard !t.isFinished, let step = t.currentStep, step.type == .approval, let i = t.currentRunIndex,
              t.stepRuns[i].status == "pending", let index = t.current else { return nil }
        var w = JSONWriter(capacity: 1024)
        w.beginObject()
        w.key("task_id"); w.int(t.taskID)
        w.key("step_run"); t.stepRuns[i].write(to: &w)
        w.key("eligible_approvers_active")
        w.beginArray()
        if let a = t.assigneeEmail { w.string(a) }
        w.endArray()
        w.key("next_eligible_approvers")
        w.beginArray()
        var seen = Set<String>()
        for later in t.workflow.steps[(index + 1)...] where later.type == .approval {
            if let a = ChamelioEngine.resolve(later.assignee, in: t), seen.insert(a).inserted { w.string(a) }
        }
        w.endArray()
        w.key("variables_to_approve")
        w.beginArray()
        for v in t.variables { v.write(to: &w) }
        w.endArray()
        w.key("files")
        w.beginArray()
        for f in files where f.ref.variableID != nil {
            w.beginObject()
            linkMembers(f, &w)
            w.key("variable_id"); optional(f.ref.variableID, &w)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.bytes
    }

    /// `GET /tasks/{id}/files`: the first `limit` files in the order they came, and how many
    /// there are in all.
    static func files(_ t: ChamelioTask, limit: Int) -> [UInt8] {
        var w = JSONWriter(capacity: 256 + min(t.files.count, limit) * 160)
        w.beginObject()
        w.key("task_id"); w.int(t.taskID)
        w.key("files")
        w.beginArray()
        for f in t.files.prefix(limit) {
            w.beginObject()
            w.key("file_id"); w.string(f.fileID)
            w.key("file_name"); w.string(f.fileName)
            w.key("variable_id"); optional(f.variableID, &w)
            w.key("created_at"); w.string(ChamelioTime.text(f.createdAt))
            w.key("step_id"); optional(f.stepID, &w)
            w.endObject()
        }
        w.endArray()
        w.key("total_files"); w.int(t.files.count)
        w.endObject()
        return w.bytes
    }

    /// `GET /tasks/{id}/signed-documents`: the documents signature steps produced.
    static func signedDocuments(_ t: ChamelioTask, _ links: [ChamelioFileLink]) -> [UInt8] {
        var w = JSONWriter(capacity: 256 + links.count * 256)
        w.beginObject()
        w.key("task_id"); w.int(t.taskID)
        w.key("workflow_status"); w.string(t.status)
        w.key("total"); w.int(links.count)
        w.key("documents")
        w.beginArray()
        for l in links {
            w.beginObject()
            w.key("file_id"); w.string(l.ref.fileID)
            w.key("file_name"); w.string(l.ref.fileName)
            w.key("step_id"); optional(l.ref.stepID, &w)
            w.key("step_name"); optional(l.ref.stepID.flatMap { t.workflow.step($0)?.name }, &w)
            w.key("download_url"); w.string(l.url)
            w.key("expires_at"); w.string(ChamelioTime.text(l.expiresAt))
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.bytes
    }

    /// `GET /tasks/{id}/steps/{step_id}/document`.
    static func stepDocument(_ l: ChamelioFileLink) -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.beginObject()
        w.key("download_url"); w.string(l.url)
        w.key("file_name"); w.string(l.ref.fileName)
        w.key("expires_at"); w.string(ChamelioTime.text(l.expiresAt))
        w.endObject()
        return w.bytes
    }

    /// `GET /files/{file_id}`.
    static func file(_ l: ChamelioFileLink) -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.beginObject()
        linkMembers(l, &w)
        w.endObject()
        return w.bytes
    }

    /// A linked file's `file_id`, `file_name`, `content_type`, `download_url`, `expires_at`.
    private static func linkMembers(_ l: ChamelioFileLink, _ w: inout JSONWriter) {
        w.key("file_id"); w.string(l.ref.fileID)
        w.key("file_name"); w.string(l.ref.fileName)
        w.key("content_type"); w.string(l.ref.contentType)
        w.key("download_url"); w.string(l.url)
        w.key("expires_at"); w.string(ChamelioTime.text(l.expiresAt))
    }

    private static func optional(_ s: String?, _ w: inout JSONWriter) {
        if let s { w.string(s) } else { w.null() }
    }
}
