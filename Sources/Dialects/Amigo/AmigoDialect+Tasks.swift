import Emulator
import FastAPI
import HTTP1
import JSON
import Routing
import Store

/// `GET /v1/{workspace_id}/tasks/{task_id}` and `GET /v1/{workspace_id}/tasks/by-call/{call_sid}`.
extension AmigoDialect {
    /// The vendor's one 404 for tasks: never existed, another workspace's, or expired.
    static var taskNotFound: HTTPResponse { FastAPIErrors.detail(404, "Task not found or expired") }

    func mountTasks(on v1: AmigoV1Route) {
        let d = self
        v1.add("GET", "/tasks/{task_id}", identity: false, validate: Self.noInput) { req in
            d.getTask(req, id: req.ctx.parameters.require("task_id"))
        }
        // Off the event loop: the answer holds every task of the call, so its cost grows with the data.
        v1.add("GET", "/tasks/by-call/{call_sid}", identity: false, options: .offLoop, validate: Self.noInput) { req in
            d.listByCall(req, callSID: req.ctx.parameters.require("call_sid"))
        }
    }

    /// A read is a poll: if the workspace's lifecycle mode moves the task on this read, the
    /// read goes through a write (counted exactly once per request) and answers with the
    /// result; otherwise it is a plain point read.
    func getTask(_ req: AmigoV1Request<Void>, id: String) {
        let key = TaskKey(dialect: Self.dialectName, tenant: req.workspace, id: id)
        let record: TaskRecord
        let mode: LifecycleMode
        do {
            guard let r = try store.task(key) else { req.respond(Self.taskNotFound); return }
            record = r
            if AmigoTask.terminalStatuses.contains(r.status) { req.respond(.json(200, AmigoTaskView.task(r))); return }
            mode = try lifecycleMode(req.workspace)
        } catch {
            req.respond(Self.response(for: error))
            return
        }
        guard AmigoLifecycle.readChanges(status: record.status, createdAt: record.createdAt, mode: mode, now: now) else {
            req.respond(.json(200, AmigoTaskView.task(record)))
            return
        }
        let lifecycles = self.lifecycles
        let respond = req.respond
        store.write({ tx in try Self.poll(tx, key, lifecycles) }, completion: { result in
            switch result {
            case .success(let r?): respond(.json(200, AmigoTaskView.task(r)))
            case .success(nil): respond(Self.taskNotFound)
            case .failure(let e): respond(Self.response(for: e))
            }
        })
    }

    /// Never 404: an unknown call, or another workspace's, is `{"tasks":[]}`. All of the
    /// call's tasks (the vendor: "List all tasks for a call"; `byCallLimit` is only a memory
    /// guard), newest first (the vendor does not say; creation order descending, ties in
    /// insertion order, is what a store of recent tasks gives).
    func listByCall(_ req: AmigoV1Request<Void>, callSID: String) {
        var q = TaskQuery(dialect: Self.dialectName, tenant: req.workspace)
        q.externalID = callSID
        q.limit = config.byCallLimit
        let records: [TaskRecord]
        var mode = LifecycleMode.manual
        do {
            records = try store.list(q)
            if records.contains(where: { !AmigoTask.terminalStatuses.contains($0.status) }) {
                mode = try lifecycleMode(req.workspace)
            }
        } catch {
            req.respond(Self.response(for: error))
            return
        }
        let at = now
        let moving = records.contains { AmigoLifecycle.readChanges(status: $0.status, createdAt: $0.createdAt, mode: mode, now: at) }
        guard moving else {
            req.respond(.json(200, AmigoTaskView.list(records)))
            return
        }
        let lifecycles = self.lifecycles
        let respond = req.respond
        store.write({ tx -> [TaskRecord] in
            var out: [TaskRecord] = []
            out.reserveCapacity(records.count)
            for r in records {
                if AmigoTask.terminalStatuses.contains(r.status) { out.append(r); continue }
                if let polled = try Self.poll(tx, r.key, lifecycles) { out.append(polled) }
            }
            return out
        }, completion: { result in
            switch result {
            case .success(let list): respond(.json(200, AmigoTaskView.list(list)))
            case .failure(let e): respond(Self.response(for: e))
            }
        })
    }

    /// One poll of one task inside a write: re-reads it (another request may have moved it),
    /// applies the mode current at commit time, and stores the result if it changed.
    static func poll(_ tx: WriteTransaction, _ key: TaskKey, _ lifecycles: Lifecycles) throws -> TaskRecord? {
        guard let r = try tx.task(key) else { return nil }
        guard !AmigoTask.terminalStatuses.contains(r.status) else { return r }
        let mode = try lifecycles.mode(tx, tenant: key.tenant)
        var state = AmigoLifecycle.State(record: r)
        guard AmigoLifecycle.applyRead(&state, mode: mode, now: tx.now) else { return r }
        let updated = state.record(from: r, now: tx.now)
        try tx.update(updated, validateDependencies: false)
        return updated
    }
}

extension AmigoLifecycle.State {
    init(record r: TaskRecord) {
        self.init(task: AmigoTask(record: r), simulation: AmigoSimulation(detailJSON: r.detailJSON),
                  createdAt: r.createdAt, startedAt: r.startedAt, completedAt: r.completedAt)
    }

    /// The record after the simulator ran: same key, creation and expiry; new fields.
    func record(from r: TaskRecord, now: Int64) -> TaskRecord {
        task.record(simulation: simulation, createdAt: r.createdAt, updatedAt: now, startedAt: startedAt,
                    completedAt: completedAt, expiresAt: r.expiresAt)
    }
}
