import Emulator
import FastAPI
import HTTP1
import JSON
import Routing
import Store

/// polytask's own routes for Amigo, under `/_polytask/amigo/` (the vendor has no public
/// create; its platform spawns tasks during calls). No auth: the control plane is for the
/// person running the emulator. Errors use the same FastAPI shapes as the dialect. Bodies are
/// read as JSON whatever their `Content-Type`, so `curl -d '{...}'` works.
///
/// - `POST /_polytask/amigo/{workspace_id}/tasks`: create one task from `TaskStateResponse`
///   fields (+ optional `simulate`); 201 with the task (after the lifecycle mode's create
///   rule), 409 if the task_id exists.
/// - `POST /_polytask/amigo/seed`: load a seed document (`{"amigo": {...}}` or its inner part).
/// - `GET|PUT /_polytask/amigo/{workspace_id}/lifecycle`, `GET|PUT /_polytask/amigo/lifecycle`
///   (the default for every workspace without its own): `{"mode": ...}`.
/// - `POST /_polytask/amigo/{workspace_id}/tasks/{task_id}/advance`: one step forward.
extension AmigoDialect {
    func mountControl(on router: inout Router) {
        let d = self
        router.on("POST", "/_polytask/amigo/{workspace_id}/tasks") { ctx, respond in d.controlCreate(ctx, respond) }
        router.on("POST", "/_polytask/amigo/seed") { ctx, respond in d.controlSeed(ctx, respond) }
        router.on("GET", "/_polytask/amigo/lifecycle") { ctx, respond in d.controlGetLifecycle(ctx, respond, workspace: Self.defaultTenant) }
        router.on("PUT", "/_polytask/amigo/lifecycle") { ctx, respond in d.controlPutLifecycle(ctx, respond, workspace: Self.defaultTenant) }
        router.on("GET", "/_polytask/amigo/{workspace_id}/lifecycle") { ctx, respond in
            d.controlWorkspace(ctx, respond) { ws in d.controlGetLifecycle(ctx, respond, workspace: ws) }
        }
        router.on("PUT", "/_polytask/amigo/{workspace_id}/lifecycle") { ctx, respond in
            d.controlWorkspace(ctx, respond) { ws in d.controlPutLifecycle(ctx, respond, workspace: ws) }
        }
        router.on("POST", "/_polytask/amigo/{workspace_id}/tasks/{task_id}/advance") { ctx, respond in
            d.controlWorkspace(ctx, respond) { ws in d.controlAdvance(ctx, respond, workspace: ws) }
        }
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
        case .failure(let issue): respond(FastAPIErrors.validation([issue])); return nil
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

    func controlSeed(_ ctx: RequestContext, _ respond: @escaping Responder) {
        guard case .some(let body) = controlBody(ctx, respond) else { return }
        guard let body else { respond(FastAPIErrors.validation([FastAPIBody.missingBody])); return }
        let plan: AmigoSeed
        do {
            plan = try AmigoSeed.parse(body, now: now)
        } catch {
            respond(FastAPIErrors.detail(422, error.description))
            return
        }
        let ttl = config.taskTTLMillis
        store.write({ tx in try plan.apply(&tx, ttl: ttl) }, completion: { result in
            switch result {
            case .success(let c):
                let v: JSONValue = ["tasks": .int(Int64(c.tasks)), "api_keys": .int(Int64(c.apiKeys)), "workspaces": .int(Int64(c.workspaces))]
                respond(.json(200, v.encoded))
            case .failure(let e): respond(Self.response(for: e))
            }
        })
    }

    private func lifecycleBody(_ workspace: String, _ mode: LifecycleMode) -> [UInt8] {
        var o = mode.json.objectValue ?? [:]
        o["workspace_id"] = .string(workspace)
        return JSONValue.object(o).encoded
    }

    func controlGetLifecycle(_ ctx: RequestContext, _ respond: @escaping Responder, workspace: String) {
        do {
            let mode = workspace == Self.defaultTenant
                ? try lifecycles.own(tenant: workspace) ?? config.defaultLifecycle
                : try lifecycleMode(workspace)
            respond(.json(200, lifecycleBody(workspace, mode)))
        } catch {
            respond(Self.response(for: error))
        }
    }

    /// `{"mode":"manual"|"immediate"|"polls"|"duration", "polls"?: N, "duration_ms"?: MS}`,
    /// or `{"mode": null}` to drop the workspace's own choice.
    func controlPutLifecycle(_ ctx: RequestContext, _ respond: @escaping Responder, workspace: String) {
        guard case .some(let body) = controlBody(ctx, respond) else { return }
        guard let body else { respond(FastAPIErrors.validation([FastAPIBody.missingBody])); return }
        let value: String?
        if body["mode"]?.isNull == true {
            value = nil
        } else {
            do {
                value = try LifecycleMode(json: body).description
            } catch {
                respond(FastAPIErrors.detail(422, error.description))
                return
            }
        }
        let d = self
        let lifecycles = self.lifecycles
        store.write({ tx in
            try lifecycles.set(tx, tenant: workspace, mode: value.flatMap(LifecycleMode.init(flag:)))
        }, completion: { result in
            switch result {
            case .success: d.controlGetLifecycle(ctx, respond, workspace: workspace)
            case .failure(let e): respond(Self.response(for: e))
            }
        })
    }

    func controlAdvance(_ ctx: RequestContext, _ respond: @escaping Responder, workspace: String) {
        let key = TaskKey(dialect: Self.dialectName, tenant: workspace, id: ctx.parameters.require("task_id"))
        enum Outcome: Sendable { case moved(TaskRecord), terminal, missing }
        store.write({ tx -> Outcome in
            guard let r = try tx.task(key) else { return .missing }
            var state = AmigoLifecycle.State(record: r)
            guard AmigoLifecycle.advance(&state, now: tx.now) else { return .terminal }
            let updated = state.record(from: r, now: tx.now)
            try tx.update(updated, validateDependencies: false)
            return .moved(updated)
        }, completion: { result in
            switch result {
            case .success(.moved(let r)): respond(.json(200, AmigoTaskView.task(r)))
            case .success(.terminal): respond(FastAPIErrors.detail(409, "Task is already in a terminal state"))
            case .success(.missing): respond(Self.taskNotFound)
            case .failure(let e): respond(Self.response(for: e))
            }
        })
    }
}
