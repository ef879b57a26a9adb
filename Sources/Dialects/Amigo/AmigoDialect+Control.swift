import Emulator
import FastAPI
import HTTP1
import JSON
import Routing
import Store

/// polytask's own routes for Amigo under `/_polytask/amigo/` (the vendor has no public
/// create; its platform spawns tasks during calls), behind the control plane's admin check.
/// Errors use the same FastAPI shapes as the dialect. Bodies are read as JSON whatever their
/// `Content-Type`, so `curl -d '{...}'` works.
///
/// - `POST /_polytask/amigo/{workspace_id}/tasks`: create one task from `TaskStateResponse`
///   fields (+ optional `simulate`); 201 with the task (after the lifecycle mode's create
///   rule), 409 if the task_id exists.
///
/// Seeding, export, reset, lifecycle modes and `advance` are the control plane's generic
/// routes (`/_polytask/seed`, `/_polytask/lifecycle`, `/_polytask/advance`, ...), which call
/// this dialect through `Dialect`.
extension AmigoDialect {
    public func mountControl(on g: RouteGroup<RequestContext>) {
        let d = self
        g.post("/{workspace_id}/tasks") { ctx, respond in d.controlCreate(ctx, respond) }
    }

    private func controlWorkspace(_ ctx: RequestContext, _ respond: @escaping Responder, _ next: (String) -> Void) {
        let raw = ctx.parameters.require("workspace_id")
        switch PydanticUUID.parse(raw) {
        case .failure(let e): respond(FastAPIErrors.validation([PydanticUUID.issue(raw, location: "workspace_id", e)]))
        case .success(let ws): next(ws)
        }
    }

    private func controlBody(_ ctx: RequestContext, _ respond: @escaping Responder) -> JSONValue?? {
        switch FastAPIBody.read(ctx, anyContentType: true) {
        case .failure(let rejection): respond(rejection.response); return nil
        case .success(let b): return .some(b)
        }
    }

    func controlCreate(_ ctx: RequestContext, _ respond: @escaping Responder) {
        let raw = ctx.parameters.require("workspace_id")
        guard case .some(let body) = controlBody(ctx, respond) else { return }
        let workspace: String
        switch PydanticUUID.parse(raw) {
        case .failure(let e):
            respond(FastAPIErrors.validation([PydanticUUID.issue(raw, location: "workspace_id", e)]))
            return
        case .success(let ws): workspace = ws
        }
        guard let body else { respond(FastAPIErrors.validation([FastAPIBody.missingBody])); return }
        let input: AmigoTaskInput
        switch AmigoTaskInput.parse(body, workspace: workspace, loc: [.key("body")], newID: AmigoIDs.uuid4) {
        case .failure(let issues): respond(FastAPIErrors.validation(issues)); return
        case .success(let i): input = i
        }
        let ttl = config.taskTTLMillis
        let lifecycles = self.lifecycles
        store.write({ tx -> TaskRecord in
            var state = AmigoLifecycle.State(task: input.task, simulation: input.simulation, createdAt: tx.now,
                                             startedAt: input.startedAt, completedAt: input.completedAt)
            AmigoLifecycle.applyCreate(&state, mode: try lifecycles.mode(tx, tenant: workspace), now: tx.now)
            let r = state.task.record(simulation: state.simulation, createdAt: tx.now, updatedAt: tx.now, startedAt: state.startedAt,
                                      completedAt: state.completedAt, expiresAt: tx.now + ttl)
            try tx.insert(r, validateDependencies: false)
            return r
        }, completion: { result in
            switch result {
            case .success(let r): respond(.json(201, AmigoTaskView.task(r)))
            case .failure(.duplicate(let k)): respond(FastAPIErrors.detail(409, "Task \(k.id) already exists"))
            case .failure(let e): respond(Self.response(for: e))
            }
        })
    }

    /// One step forward (the `manual` mode's advance), for `POST /_polytask/advance`.
    public func advance(tenant: String, taskID: String) throws -> JSONValue {
        let workspace = try self.tenant(tenant)
        let key = TaskKey(dialect: Self.dialectName, tenant: workspace, id: taskID)
        enum Outcome: Sendable { case moved(TaskRecord), terminal, missing }
        let outcome = try store.writeAndWait { tx -> Outcome in
            guard let r = try tx.task(key) else { return .missing }
            var state = AmigoLifecycle.State(record: r)
            guard AmigoLifecycle.advance(&state, now: tx.now) else { return .terminal }
            let updated = state.record(from: r, now: tx.now)
            try tx.update(updated, validateDependencies: false)
            return .moved(updated)
        }
        switch outcome {
        case .moved(let r): return try JSONParser.parse(AmigoTaskView.task(r))
        case .terminal: throw ControlError(status: 409, code: "terminal", message: "Task is already in a terminal state")
        case .missing: throw ControlError.notFound("Task not found or expired")
        }
    }
}
