import JSON

/// One webhook event, before it is addressed: its name, when it happened (store clock), and
/// its `data` object already encoded in the vendor's field order (docs.chamelio.ai, webhooks).
/// `ChamelioWebhooks` wraps it in the envelope `{event, event_id, organization_id, timestamp,
/// data}`, once per registered endpoint, in the write that made the change.
struct ChamelioEvent: Sendable, Equatable {
    static let created = "flows.tasks.created"
    static let stepChange = "flows.tasks.step_change"
    static let completed = "flows.tasks.completed"
    /// One "l", as the vendor spells the event (the REST status is `cancelled`).
    static let canceled = "flows.tasks.canceled"
    static let commented = "flows.tasks.commented"
    static let newVersion = "flows.workflow.new_version"
    static let all = [created, stepChange, completed, canceled, commented, newVersion]

    var name: String
    var at: Int64
    var data: [UInt8]

    /// The step a task left, for `previous_step`.
    struct PreviousStep: Sendable, Equatable {
        var step: ChamelioStepDef
        var completedBy: String?
        var completedAt: Int64
        var outcome: String
    }

    // MARK: builders, one per event

    static func created(_ t: ChamelioTask, at: Int64) -> ChamelioEvent {
        event(created, at) { w in
            common(t, &w)
            w.key("workflow_version"); w.int(t.workflow.version)
            w.key("initiated_by"); optional(t.initiatedBy, &w)
            w.key("current_step"); currentStep(t, &w)
            w.key("variables"); variableMap(t, &w)
        }
    }

    static func stepChange(_ t: ChamelioTask, previous p: PreviousStep, at: Int64) -> ChamelioEvent {
        event(stepChange, at) { w in
            common(t, &w)
            w.key("previous_step")
            w.beginObject()
            w.key("step_id"); w.string(p.step.id)
            w.key("step_name"); w.string(p.step.name)
            w.key("completed_by"); optional(p.completedBy, &w)
            w.key("completed_at"); w.string(ChamelioTime.text(p.completedAt))
            w.key("outcome"); w.string(p.outcome)
            w.endObject()
            w.key("current_step"); currentStep(t, &w)
        }
    }

    static func completed(_ t: ChamelioTask, at: Int64) -> ChamelioEvent {
        event(completed, at) { w in
            common(t, &w)
            w.key("initiated_by"); optional(t.initiatedBy, &w)
            w.key("completed_at"); w.string(ChamelioTime.text(at))
            // Hours from creation to completion, to two decimals.
            w.key("duration_hours"); w.double(Double((at - t.createdAt) / 36_000) / 100)
            w.key("variables"); variableMap(t, &w)
            w.key("outputs")
            w.beginObject()
            if let signed = t.files.last(where: { f in f.variableID == nil && t.workflow.step(f.stepID ?? "")?.type == .signature }) {
                w.key("signed_document_id"); w.string(signed.fileID)
            }
            let documents = t.files.filter { $0.variableID == nil }
            if !documents.isEmpty {
                w.key("document_ids")
                w.beginArray()
                for d in documents { w.string(d.fileID) }
                w.endArray()
            }
            w.endObject()
        }
    }

    static func canceled(_ t: ChamelioTask, by: String?, at: Int64) -> ChamelioEvent {
        event(canceled, at) { w in
            common(t, &w)
            w.key("initiated_by"); optional(t.initiatedBy, &w)
            w.key("canceled_by"); optional(by, &w)
            w.key("canceled_at"); w.string(ChamelioTime.text(at))
            w.key("step_at_cancellation"); stepName(t.currentStep, &w)
        }
    }

    static func commented(_ t: ChamelioTask, commentID: String, text: String, by: String?, at: Int64) -> ChamelioEvent {
        event(commented, at) { w in
            common(t, &w)
            w.key("comment_id"); w.string(commentID)
            w.key("comment_text"); w.string(text)
            w.key("commented_by"); optional(by, &w)
            w.key("current_step"); stepName(t.currentStep, &w)
        }
    }

    static func newVersion(_ wf: ChamelioWorkflow, previous: Int64?, at: Int64) -> ChamelioEvent {
        event(newVersion, at) { w in
            w.key("workflow_id"); w.string(wf.workflowID)
            w.key("workflow_name"); w.string(wf.name)
            w.key("new_version"); w.int(wf.version)
            w.key("previous_version"); if let previous { w.int(previous) } else { w.null() }
            w.key("published_by"); optional(wf.publishedBy, &w)
            w.key("changelog"); optional(wf.changelog, &w)
        }
    }

    // MARK: pieces

    private static func event(_ name: String, _ at: Int64, _ body: (inout JSONWriter) -> Void) -> ChamelioEvent {
        var w = JSONWriter(capacity: 512)
        w.beginObject()
        body(&w)
        w.endObject()
        return ChamelioEvent(name: name, at: at, data: w.bytes)
    }

    /// `task_id` (the REST integer; the vendor's webhook examples show strings like
    /// "task_def456", but a client correlates events with the REST API's ids), `workflow_id`,
    /// `workflow_name`.
    private static func common(_ t: ChamelioTask, _ w: inout JSONWriter) {
        w.key("task_id"); w.int(t.taskID)
        w.key("workflow_id"); w.string(t.workflow.workflowID)
        w.key("workflow_name"); w.string(t.workflow.name)
    }

    /// `{step_id, step_name, assignee}` of the step the task is at now; null once it stopped.
    private static func currentStep(_ t: ChamelioTask, _ w: inout JSONWriter) {
        guard !t.isFinished, let s = t.currentStep else { return w.null() }
        w.beginObject()
        w.key("step_id"); w.string(s.id)
        w.key("step_name"); w.string(s.name)
        w.key("assignee"); optional(s.type.isHuman ? t.assigneeEmail : nil, &w)
        w.endObject()
    }

    /// `{step_id, step_name}` of a step; null without one.
    private static func stepName(_ s: ChamelioStepDef?, _ w: inout JSONWriter) {
        guard let s else { return w.null() }
        w.beginObject()
        w.key("step_id"); w.string(s.id)
        w.key("step_name"); w.string(s.name)
        w.endObject()
    }

    /// The task's variables as an object `{variable_id: value}`, in the task's order.
    private static func variableMap(_ t: ChamelioTask, _ w: inout JSONWriter) {
        w.beginObject()
        for v in t.variables { w.key(v.variableID); w.value(v.value) }
        w.endObject()
    }

    private static func optional(_ s: String?, _ w: inout JSONWriter) {
        if let s { w.string(s) } else { w.null() }
    }
}
