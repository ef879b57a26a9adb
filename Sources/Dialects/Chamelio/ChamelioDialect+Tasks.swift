import Emulator
import FastAPI
import HTTP1
import JSON
import Routing
import Store

/// `GET /tasks/{task_id}`, `GET /tasks/{task_id}/approval-details`, `POST /tasks/{task_id}/approve`
/// and `POST /tasks/{task_id}/cancel`. Every task route answers 404 `{"detail":"Task not found"}`
/// for a task that does not exist or is another organisation's.
///
/// Reads bring the task up to date first: under `immediate` and `duration:D` an automatic step
/// that is due completes (through a write, with its events); under `polls:N` only
/// `GET /tasks/{task_id}` is a poll. A task resting at a human step, or finished, is a plain
/// point read spliced from the stored JSON.
extension ChamelioDialect {
    static var notAtApproval: HTTPResponse { FastAPIErrors.detail(409, "Task is not at an approval step") }
    static var notCancellable: HTTPResponse { FastAPIErrors.detail(409, "Task cannot be cancelled in its current state") }

    func mountTasks(on route: ChamelioRoute) {
        let d = self
        route.add("GET", "/{task_id}", validate: ChamelioParameters.taskOnly) { req in
            d.current(req, id: req.input, poll: true) { t in .json(200, ChamelioTaskView.task(t)) }
        }
        route.add("GET", "/{task_id}/approval-details", validate: Self.approvalDetailsInput) { req in
            let includeFiles = req.input.includeFiles
            let host = req.ctx.headers["Host"]
            d.current(req, id: req.input.taskID, poll: false) { r in
                guard let t = ChamelioTask(record: r) else { return FastAPIErrors.internalError }
                guard let body = ChamelioTaskView.approvalDetails(t, files: includeFiles ? d.links(t, host: host) : []) else {
                    return Self.notAtApproval
                }
                return .json(200, body)
            }
        }
        route.add("POST", "/{task_id}/approve", body: true, validate: Self.approveInput) { req in
            d.approve(req)
        }
        route.add("POST", "/{task_id}/cancel", validate: ChamelioParameters.taskOnly) { req in
            d.cancel(req)
        }
    }

    // MARK: inputs

    struct ApprovalDetailsInput: Sendable { var taskID: Int64?; var includeFiles: Bool }
    struct ApproveInput: Sendable { var taskID: Int64?; var body: ChamelioApproveBody }

    /// Path, then query: `include_files: bool = False`.
    static func approvalDetailsInput(_ ctx: ChamelioContext) -> Validation<ApprovalDetailsInput> {
        var issues: [ValidationIssue] = []
        let id = ChamelioParameters.taskID(ctx, issues: &issues)
        var include = false
        switch PydanticLax.queryBool(ctx.request.query.values("include_files"), name: "include_files") {
        case .failure(let i): issues.append(i)
        case .success(let b): include = b ?? false
        }
        return issues.isEmpty ? .success(ApprovalDetailsInput(taskID: id, includeFiles: include)) : .failure(issues)
    }

    /// Path, then body.
    static func approveInput(_ ctx: ChamelioContext) -> Validation<ApproveInput> {
        var issues: [ValidationIssue] = []
        let id = ChamelioParameters.taskID(ctx, issues: &issues)
        switch ChamelioBodies.approve(ctx.body) {
        case .failure(let more): return .failure(issues + more)
        case .success(let body): return issues.isEmpty ? .success(ApproveInput(taskID: id, body: body)) : .failure(issues)
        }
    }

    // MARK: reads

    /// Answers with `render(record)` for the task as it stands now (after the lifecycle mode
    /// moved it, if it does on this read), or the 404.
    func current<I>(_ req: ChamelioRequest<I>, id: Int64?, poll: Bool, _ render: @escaping @Sendable (TaskRecord) -> HTTPResponse) {
        guard let id else { return req.respond(Self.taskNotFound) }
        let key = Self.key(req.organization, id)
        do {
            guard let r = try store.task(key) else { return req.respond(Self.taskNotFound) }
            guard try moves(r, poll: poll) else { return req.respond(render(r)) }
        } catch {
            return req.respond(Self.response(for: error))
        }
        let lifecycles = self.lifecycles
        let respond = req.respond
        store.write({ tx in try Self.refresh(tx, key, lifecycles, poll: poll) }, completion: { result in
            switch result {
            case .success(let r?): respond(render(r))
            case .success(nil): respond(Self.taskNotFound)
            case .failure(let e): respond(Self.response(for: e))
            }
        })
    }

    /// Whether reading `r` now changes it (cheap for tasks at rest: typed columns only).
    func moves(_ r: TaskRecord, poll: Bool) throws(StoreError) -> Bool {
        guard r.status == "in_progress" else { return false }
        let mode = try lifecycles.mode(tenant: r.tenant)
        switch mode {
        case .manual: return false
        case .afterPolls: return poll
        case .immediate, .afterDuration:
            guard let t = ChamelioTask(record: r) else { return false }
            return ChamelioEngine.readChanges(t, mode: mode, now: now)
        }
    }

    /// Re-reads the task in `tx` and applies the lifecycle mode (a poll if `poll`); stores the
    /// task and enqueues its events if it changed.
    static func refresh(_ tx: WriteTransaction, _ key: TaskKey, _ lifecycles: Lifecycles, poll: Bool) throws -> TaskRecord? {
        guard let r = try tx.task(key) else { return nil }
        guard var t = ChamelioTask(record: r) else { return r }
        var engine = Self.engine(tx)
        guard try engine.settle(&t, mode: try lifecycles.mode(tx, tenant: key.tenant), now: tx.now, poll: poll) else { return r }
        let updated = t.record
        try tx.update(updated, validateDependencies: false)
        try ChamelioWebhooks.enqueue(tx, organization: key.tenant, engine.events)
        return updated
    }

    // MARK: actions

    /// What an action's write ends with.
    enum Acted: Sendable {
        case done(ChamelioTask)
        case missing
        case refused(HTTPResponse)
    }

    /// Runs `act` on the task in one write: the lifecycle mode first (the task as it stands
    /// now), then the action, then the mode again (automatic steps after a human one), then
    /// the store and the events.
    func act<I>(_ req: ChamelioRequest<I>, id: Int64?,
                _ act: @escaping @Sendable (WriteTransaction, inout ChamelioTask, inout ChamelioEngine) throws -> HTTPResponse?,
                answer: @escaping @Sendable (ChamelioTask) -> HTTPResponse) {
        guard let id else { return req.respond(Self.taskNotFound) }
        let key = Self.key(req.organization, id)
        let lifecycles = self.lifecycles
        let respond = req.respond
        store.write({ tx -> Acted in
            guard let r = try tx.task(key) else { return .missing }
            guard var t = ChamelioTask(record: r) else { return .refused(FastAPIErrors.internalError) }
            let mode = try lifecycles.mode(tx, tenant: key.tenant)
            var engine = Self.engine(tx)
            try engine.settle(&t, mode: mode, now: tx.now, poll: false)
            do {
                if let refusal = try act(tx, &t, &engine) { return .refused(refusal) }
            } catch let refusal as ChamelioEngine.Refusal {
                switch refusal {
                case .notAtApproval: return .refused(Self.notAtApproval)
                case .notCancellable: return .refused(Self.notCancellable)
                case .cannotAdvance: return .refused(FastAPIErrors.detail(409, "Task cannot move on"))
                }
            }
            try engine.settle(&t, mode: mode, now: tx.now, poll: false)
            try tx.update(t.record, validateDependencies: false)
            try ChamelioWebhooks.enqueue(tx, organization: key.tenant, engine.events)
            return .done(t)
        }, completion: { result in
            switch result {
            case .success(.done(let t)): respond(answer(t))
            case .success(.missing): respond(Self.taskNotFound)
            case .success(.refused(let r)): respond(r)
            case .failure(let e): respond(Self.response(for: e))
            }
        })
    }

    /// `approved` true moves the workflow on; false rejects (the task fails unless the step
    /// says where to go back to). `user_email` defaults to the key's owner. Answers
    /// `{"task_id","status","approved","message":"Approval submitted successfully"}`.
    func approve(_ req: ChamelioRequest<ApproveInput>) {
        let body = req.input.body
        let user = body.userEmail ?? req.caller.ownerEmail
        act(req, id: req.input.taskID, { tx, t, engine in
            var variables: [ChamelioVariable] = []
            for v in body.variables {
                switch Self.approverVariable(v, t) {
                case .failure(let e): return FastAPIErrors.detail(400, e.message)
                case .success(let x): variables.append(x)
                }
            }
            if let ref = variables.first(where: { $0.type == "file" }), let id = ref.value.stringValue,
               try tx.resource(ChamelioFiles.key(t.organization, id)) == nil {
                return FastAPIErrors.detail(400, "File not found: \(id)")
            }
            try engine.approve(&t, approved: body.approved, by: user, comment: body.comment, variables: variables, at: tx.now)
            return nil
        }, answer: { t in
            var w = JSONWriter(capacity: 128)
            w.beginObject()
            w.key("task_id"); w.int(t.taskID)
            w.key("status"); w.string(t.status)
            w.key("approved"); w.bool(body.approved)
            w.key("message"); w.string("Approval submitted successfully")
            w.endObject()
            return .json(200, w.bytes)
        })
    }

    /// A variable the approver sets: one of the workflow's, with its type, its value converted
    /// (a file variable takes a `file_id`); recorded at the approval step.
    static func approverVariable(_ v: ChamelioVariableInput, _ t: ChamelioTask) -> Result<ChamelioVariable, ChamelioValueError> {
        guard let def = t.workflow.variable(v.variableID) else { return .failure(ChamelioValueError("Unknown variable: \(v.variableID)")) }
        guard v.type == def.type else {
            return .failure(ChamelioValueError("Variable '\(def.id)' has type '\(v.type)'; the workflow defines it as '\(def.type)'"))
        }
        let step = t.currentStep?.id ?? ""
        if def.type == "file" {
            guard let id = v.fileID ?? v.value, ChamelioFiles.isValidID(id) else {
                return .failure(ChamelioValueError("Variable '\(def.id)' needs a file_id"))
            }
            return .success(ChamelioVariable(type: def.type, value: .string(id), stepID: step, variableID: def.id))
        }
        guard let raw = v.value else { return .success(ChamelioVariable(type: def.type, value: .null, stepID: step, variableID: def.id)) }
        switch ChamelioValues.convert(raw, for: def) {
        case .failure(let e): return .failure(e)
        case .success(let value): return .success(ChamelioVariable(type: def.type, value: value, stepID: step, variableID: def.id))
        }
    }

    /// Only from `pending` or `in_progress`; answers `{"task_id","status":"cancelled","message":"Task cancelled successfully"}`.
    func cancel(_ req: ChamelioRequest<Int64?>) {
        let user = req.caller.ownerEmail
        act(req, id: req.input, { tx, t, engine in
            try engine.cancel(&t, by: user, at: tx.now)
            return nil
        }, answer: { t in
            var w = JSONWriter(capacity: 96)
            w.beginObject()
            w.key("task_id"); w.int(t.taskID)
            w.key("status"); w.string(t.status)
            w.key("message"); w.string("Task cancelled successfully")
            w.endObject()
            return .json(200, w.bytes)
        })
    }
}
