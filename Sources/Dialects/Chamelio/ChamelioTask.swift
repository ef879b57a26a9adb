import FastAPI
import JSON
import Store

/// A variable as the vendor shows it, in `step_runs[].variables` and the task's `variables`.
struct ChamelioVariable: Sendable, Equatable {
    var type: String
    var value: JSONValue
    var stepID: String
    var variableID: String

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("variable_type"); w.string(type)
        w.key("value"); w.value(value)
        w.key("step_id"); w.string(stepID)
        w.key("variable_id"); w.string(variableID)
        w.endObject()
    }

    var json: JSONValue {
        ["variable_type": .string(type), "value": value, "step_id": .string(stepID), "variable_id": .string(variableID)]
    }
}

// In an extension, so that the struct keeps its memberwise initializer.
extension ChamelioVariable {
    init?(json v: JSONValue) {
        guard let t = v["variable_type"]?.stringValue, let s = v["step_id"]?.stringValue, let id = v["variable_id"]?.stringValue else { return nil }
        self.init(type: t, value: v["value"] ?? .null, stepID: s, variableID: id)
    }
}

/// One execution of a step: the vendor's fields, and what polytask keeps about it to build
/// events (`started_at`, `ended_at`, `completed_by`, `outcome`).
struct ChamelioStepRun: Sendable, Equatable {
    var id: String
    var stepID: String
    var stepName: String
    var stepType: String
    /// initiated, pending, in_progress, completed, failed, rejected, cancelled.
    var status: String
    var variables: [ChamelioVariable]
    var startedAt: Int64
    var endedAt: Int64?
    var completedBy: String?
    var outcome: String?

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("step_run_id"); w.string(id)
        w.key("step_id"); w.string(stepID)
        w.key("step_name"); w.string(stepName)
        w.key("step_type"); w.string(stepType)
        w.key("status"); w.string(status)
        w.key("variables")
        w.beginArray()
        for v in variables { v.write(to: &w) }
        w.endArray()
        w.endObject()
    }
}

/// A file of a task: uploaded with a variable (`attachment_<n>`) or produced by a step
/// (`document_<n>`). Its contents are a store resource (`ChamelioFiles`).
struct ChamelioFileRef: Sendable, Equatable {
    var fileID: String
    var fileName: String
    var contentType: String
    /// Nil for a document a step produced.
    var variableID: String?
    var stepID: String?
    var createdAt: Int64

    var json: JSONValue {
        var o: [String: JSONValue] = ["file_id": .string(fileID), "file_name": .string(fileName), "content_type": .string(contentType),
                                      "created_at": .int(createdAt)]
        if let v = variableID { o["variable_id"] = .string(v) }
        if let s = stepID { o["step_id"] = .string(s) }
        return .object(o)
    }

}

// In an extension, so that the struct keeps its memberwise initializer.
extension ChamelioFileRef {
    init?(json v: JSONValue) {
        guard let id = v["file_id"]?.stringValue, let n = v["file_name"]?.stringValue, let at = v["created_at"]?.intValue else { return nil }
        self.init(fileID: id, fileName: n, contentType: v["content_type"]?.stringValue ?? "application/octet-stream",
                  variableID: v["variable_id"]?.stringValue, stepID: v["step_id"]?.stringValue, createdAt: at)
    }
}

/// A Chamelio task: the vendor's task object (seed 004) and the workflow state behind it.
///
/// Mapping onto the shared `TaskRecord`: tenant = organisation, id = `task_id` in decimal,
/// status = `status`, title = `task_title`, assignee = `assignee_email`, externalID =
/// `workflow_id`; created/updated/completed at in the typed columns. `summaryJSON` holds every
/// vendor field after `task_id` in the vendor's order, so a read writes `task_id` and splices
/// it unparsed. `detailJSON` holds what the engine needs and the vendor does not show: the
/// workflow definition the task runs (a snapshot of its version), the current step, polls seen,
/// when the current step started, step-run instants and outcomes, files, comments, metadata.
struct ChamelioTask: Sendable, Equatable {
    static let statuses = ["created", "in_progress", "pending", "completed", "cancelled", "failed", "archived"]
    static let finished: Set<String> = ["completed", "cancelled", "failed", "archived"]

    var taskID: Int64
    var organization: String
    var title: String?
    var workflow: ChamelioWorkflow
    var workflowStateID: String
    var status: String
    var createdAt: Int64
    var updatedAt: Int64
    var completedAt: Int64?
    var ownerEmail: String?
    var assigneeEmail: String?
    var collaborators: [String]
    var stepRuns: [ChamelioStepRun]
    var variables: [ChamelioVariable]

    /// Index in `workflow.steps` of the step the task is at (where it stopped, for a failed or
    /// cancelled task); nil once completed.
    var current: Int?
    /// Polls of the current automatic step (`polls:N` mode).
    var polls: Int64 = 0
    var files: [ChamelioFileRef] = []
    var comments: Int64 = 0
    var metadata: JSONValue? = nil
    var initiatedBy: String? = nil

    var isFinished: Bool { Self.finished.contains(status) }
    var currentStep: ChamelioStepDef? { current.flatMap { $0 < workflow.steps.count ? workflow.steps[$0] : nil } }
    /// The run of the current step (the last run: a step runs again only after a loop-back).
    var currentRunIndex: Int? {
        guard let step = currentStep else { return nil }
        return stepRuns.lastIndex { $0.stepID == step.id }
    }

    static func url(_ id: Int64) -> String { "https://app.chamelio.ai/workflows/tasks/\(id)" }

    // MARK: rendering

    /// The vendor's members after `task_id`, in its order.
    var summaryJSON: String {
        var w = JSONWriter(capacity: 1024)
        w.beginObject()
        w.key("task_url"); w.string(Self.url(taskID))
        w.key("task_title"); optional(title, &w)
        w.key("workflow_id"); w.string(workflow.workflowID)
        w.key("workflow_name"); w.string(workflow.name)
        w.key("workflow_version"); w.int(workflow.version)
        w.key("workflow_state_id"); w.string(workflowStateID)
        w.key("status"); w.string(status)
        let step = status == "completed" || status == "archived" ? nil : currentStep
        w.key("current_step_id"); optional(step?.id, &w)
        w.key("current_step_name"); optional(step?.name, &w)
        w.key("current_step_type"); optional(step?.type.rawValue, &w)
        w.key("created_at"); w.string(ChamelioTime.text(createdAt))
        w.key("updated_at"); w.string(ChamelioTime.text(updatedAt))
        w.key("completed_at"); optional(completedAt.map(ChamelioTime.text), &w)
        w.key("owner_email"); optional(ownerEmail, &w)
        w.key("assignee_email"); optional(assigneeEmail, &w)
        w.key("collaborator_emails")
        w.beginArray()
        for c in collaborators { w.string(c) }
        w.endArray()
        w.key("step_runs")
        w.beginArray()
        for r in stepRuns { r.write(to: &w) }
        w.endArray()
        w.key("variables")
        w.beginArray()
        for v in variables { v.write(to: &w) }
        w.endArray()
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    private func optional(_ s: String?, _ w: inout JSONWriter) {
        if let s { w.string(s) } else { w.null() }
    }

    /// The engine's state (what `detailJSON` holds).
    var simulation: JSONValue {
        var o: [String: JSONValue] = [
            "workflow": workflow.json,
            "current": current.map { .int(Int64($0)) } ?? .null,
            "polls": .int(polls),
            "runs": .array(stepRuns.map { r in
                var ro: [String: JSONValue] = ["started_at_ms": .int(r.startedAt)]
                if let e = r.endedAt { ro["ended_at_ms"] = .int(e) }
                if let c = r.completedBy { ro["completed_by"] = .string(c) }
                if let x = r.outcome { ro["outcome"] = .string(x) }
                return .object(ro)
            }),
            "files": .array(files.map(\.json)),
            "comments": .int(comments),
        ]
        if let metadata { o["metadata"] = metadata }
        if let initiatedBy { o["initiated_by"] = .string(initiatedBy) }
        return .object(o)
    }

    var record: TaskRecord {
        TaskRecord(dialect: ChamelioDialect.dialectName, tenant: organization, id: String(taskID), externalID: workflow.workflowID,
                   status: status, title: title ?? "", assignee: assigneeEmail, summaryJSON: summaryJSON,
                   detailJSON: simulation.encodedString, createdAt: createdAt, updatedAt: updatedAt,
                   startedAt: createdAt, completedAt: completedAt)
    }

    // MARK: reading back

    /// Rebuilds a task from its record (the engine's write path). Nil for a record that is not
    /// one of ours (damaged JSON).
    init?(record r: TaskRecord) {
        guard let id = Int64(r.id), let summary = try? JSONParser.parse(r.summaryJSON),
              let sim = try? JSONParser.parse(r.detailJSON),
              let wfJSON = sim["workflow"], let wf = try? ChamelioWorkflow.parse(wfJSON, place: "workflow") else { return nil }
        self.init(vendor: summary, simulation: sim, workflow: wf, taskID: id, organization: r.tenant,
                  createdAt: r.createdAt, updatedAt: r.updatedAt, completedAt: r.completedAt)
    }

    /// From the vendor fields and the engine state (a record, or a seed/export item).
    init(vendor v: JSONValue, simulation sim: JSONValue, workflow wf: ChamelioWorkflow, taskID: Int64, organization: String,
         createdAt: Int64, updatedAt: Int64, completedAt: Int64?) {
        self.taskID = taskID
        self.organization = organization
        title = v["task_title"]?.stringValue
        workflow = wf
        workflowStateID = v["workflow_state_id"]?.stringValue ?? ""
        status = v["status"]?.stringValue ?? "created"
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.completedAt = completedAt
        ownerEmail = v["owner_email"]?.stringValue
        assigneeEmail = v["assignee_email"]?.stringValue
        collaborators = v["collaborator_emails"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let privateRuns = sim["runs"]?.arrayValue ?? []
        stepRuns = (v["step_runs"]?.arrayValue ?? []).enumerated().map { i, r in
            let p = i < privateRuns.count ? privateRuns[i] : .null
            return ChamelioStepRun(id: r["step_run_id"]?.stringValue ?? "", stepID: r["step_id"]?.stringValue ?? "",
                                   stepName: r["step_name"]?.stringValue ?? "", stepType: r["step_type"]?.stringValue ?? "",
                                   status: r["status"]?.stringValue ?? "completed",
                                   variables: (r["variables"]?.arrayValue ?? []).compactMap(ChamelioVariable.init(json:)),
                                   startedAt: p["started_at_ms"]?.intValue ?? createdAt, endedAt: p["ended_at_ms"]?.intValue,
                                   completedBy: p["completed_by"]?.stringValue, outcome: p["outcome"]?.stringValue)
        }
        variables = (v["variables"]?.arrayValue ?? []).compactMap(ChamelioVariable.init(json:))
        if let c = sim["current"] {
            current = c.intValue.map { Int($0) }
        } else {
            // A seeded task without engine state: the step its vendor fields name.
            current = v["current_step_id"]?.stringValue.flatMap { id in wf.steps.firstIndex { $0.id == id } }
        }
        polls = sim["polls"]?.intValue ?? 0
        files = (sim["files"]?.arrayValue ?? []).compactMap(ChamelioFileRef.init(json:))
        comments = sim["comments"]?.intValue ?? 0
        metadata = sim["metadata"]
        initiatedBy = sim["initiated_by"]?.stringValue ?? ownerEmail
    }

    init(taskID: Int64, organization: String, title: String?, workflow: ChamelioWorkflow, workflowStateID: String, status: String,
         createdAt: Int64, ownerEmail: String?, collaborators: [String]) {
        self.taskID = taskID
        self.organization = organization
        self.title = title
        self.workflow = workflow
        self.workflowStateID = workflowStateID
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.completedAt = nil
        self.ownerEmail = ownerEmail
        self.assigneeEmail = nil
        self.collaborators = collaborators
        self.stepRuns = []
        self.variables = []
        self.current = nil
    }
}

/// Timestamps as the vendor's pydantic models write them: `2025-01-20T10:30:00Z`, with
/// `.123000` when there are milliseconds.
enum ChamelioTime {
    static func text(_ ms: Int64) -> String { PythonDateTime.pydantic(ms) }
}
