import HTTP1
import JSON
import Routing
import Store

/// `GET /api/v1/task`, `GET /api/v1/task/{taskId}`, `DELETE /api/v1/task/{taskId}`.
///
/// A read is a poll: a running task whose lifecycle moves on this read goes through a write
/// (counted once per request, on the state current at commit), and the answer is the result.
extension AgentTaskDialect {
    /// The caller's tasks, newest first (creation time, then the newest insertion), at most
    /// `--agent-task-list-limit`. Each running task shown is polled.
    func listTasks(_ c: AgentTaskCaller, _ respond: Responder) {
        var q = TaskQuery(dialect: Self.dialectName, tenant: c.user)
        q.limit = config.listLimit
        do {
            var records = try store.list(q)
            if records.contains(where: { $0.status == "running" }) {
                let keys = records.map(\.key)
                let running = Set(records.filter { $0.status == "running" }.map(\.id))
                let polled = try store.writeAndWait { tx -> [TaskRecord] in
                    var out: [TaskRecord] = []
                    out.reserveCapacity(keys.count)
                    for key in keys {
                        if running.contains(key.id) {
                            if let r = try Self.poll(tx, key) { out.append(r) }
                        } else if let r = try tx.task(key) {
                            out.append(r)
                        }
                    }
                    return out
                }
                records = polled
            }
            var agents: [String: String] = [:]
            for id in Set(records.compactMap(\.assignee)) {
                agents[id] = try store.resource(AgentDefinition.key(user: c.user, id: id))?.bodyJSON
            }
            respond(.json(200, TaskView.list(records, agents: agents)))
        } catch {
            respond(AgentTaskErrors.store(StoreError.wrapped(error)))
        }
    }

    func getTask(_ c: AgentTaskCaller, _ respond: @escaping Responder) {
        let key = Self.taskKey(c.user, c.parameters.require("taskId"))
        let record: TaskRecord
        do {
            guard let r = try store.task(key) else { return respond(AgentTaskErrors.taskNotFound) }
            record = r
        } catch {
            return respond(AgentTaskErrors.store(error))
        }
        let now = store.clock.nowMillis()
        guard record.status == "running", let t = try? RunTask(record: record),
              RunLifecycle.readChanges(t.state, createdAt: t.createdAt, now: now) else {
            return respond(render(record))
        }
        store.write({ tx -> [UInt8]? in
            guard let r = try Self.poll(tx, key) else { return nil }
            return TaskView.task(r, agent: try Self.agentBody(tx, r))
        }, completion: { result in
            switch result {
            case .success(let body?): respond(.json(200, body))
            case .success(nil): respond(AgentTaskErrors.taskNotFound)
            case .failure(let e): respond(AgentTaskErrors.store(e))
            }
        })
    }

    /// 200 with the task as it was, then it is gone; 404 (the delete's own text) if absent.
    func deleteTask(_ c: AgentTaskCaller, _ respond: @escaping Responder) {
        let key = Self.taskKey(c.user, c.parameters.require("taskId"))
        store.write({ tx -> [UInt8]? in
            guard let r = try tx.task(key) else { return nil }
            let body = TaskView.task(r, agent: try Self.agentBody(tx, r))
            _ = try tx.delete(key, cascade: false)
            return body
        }, completion: { result in
            switch result {
            case .success(let body?): respond(.json(200, body))
            case .success(nil): respond(AgentTaskErrors.deleteTaskNotFound)
            case .failure(let e): respond(AgentTaskErrors.store(e))
            }
        })
    }

    /// A task read outside a write, with its agent.
    func render(_ r: TaskRecord) -> HTTPResponse {
        let agent: String?
        do { agent = try store.resource(AgentDefinition.key(user: r.tenant, id: r.assignee ?? ""))?.bodyJSON } catch {
            return AgentTaskErrors.store(error)
        }
        return .json(200, TaskView.task(r, agent: agent))
    }

    // MARK: inside writes

    static func agentBody(_ tx: WriteTransaction, _ r: TaskRecord) throws(StoreError) -> String? {
        try tx.resource(AgentDefinition.key(user: r.tenant, id: r.assignee ?? ""))?.bodyJSON
    }

    /// One poll of one task: re-reads it (another request may have moved it), applies its
    /// lifecycle at commit time, and stores the result if it changed.
    static func poll(_ tx: WriteTransaction, _ key: TaskKey) throws -> TaskRecord? {
        guard let r = try tx.task(key) else { return nil }
        guard r.status == "running" else { return r }
        var t = try RunTask(record: r)
        guard RunLifecycle.applyRead(&t.state, createdAt: t.createdAt, now: tx.now) else { return r }
        return try save(tx, &t, wasFinished: false)
    }

    /// Stores a changed run. If this change ended it: completedAt (the scheduled instant for a
    /// duration run), and its callback enqueued in this same write.
    static func save(_ tx: WriteTransaction, _ t: inout RunTask, wasFinished: Bool) throws -> TaskRecord {
        t.updatedAt = tx.now
        let ending = t.state.finished && !wasFinished
        if ending { t.completedAt = RunLifecycle.scheduledEnd(t.state, createdAt: t.createdAt).map { min($0, tx.now) } ?? tx.now }
        let record = t.record
        try tx.update(record, validateDependencies: false)
        if ending, let callback = t.state.callback {
            try enqueueCallback(tx, record, callback: callback, notBefore: nil)
        }
        return record
    }

    /// Enqueues the callback of an ended run, with the task as it shows now.
    static func enqueueCallback(_ tx: WriteTransaction, _ r: TaskRecord, callback: String, notBefore: Int64?) throws {
        let body = TaskView.task(r, agent: try agentBody(tx, r))
        _ = try tx.enqueueDelivery(RunCallback.delivery(user: r.tenant, taskID: r.id, callback: callback, body: body,
                                                        notBefore: notBefore))
    }
}
