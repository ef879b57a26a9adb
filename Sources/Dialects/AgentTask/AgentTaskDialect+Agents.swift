import Emulator
import HTTP1
import JSON
import Routing
import Store

/// `GET/POST /api/v1/agent`, `GET/POST/DELETE /api/v1/agent/{agentId}`. An update (POST on the
/// agent) is a rewrite: the body is the whole agent, and only the id, owner and creation time
/// are kept. Deleting an agent deletes its tasks, as the design doc's Prisma relation
/// (`onDelete: Cascade`) does.
extension AgentTaskDialect {
    func listAgents(_ c: AgentTaskCaller, _ respond: Responder) {
        var q = ResourceQuery(dialect: Self.dialectName, tenant: c.user, kind: AgentDefinition.kind)
        q.limit = config.listLimit
        do {
            let page = try store.resources(q)
            var w = JSONWriter(capacity: 64 + page.items.count * 512)
            w.beginArray()
            for r in page.items { w.raw(r.bodyJSON) }
            w.endArray()
            respond(.json(200, w.bytes))
        } catch {
            respond(AgentTaskErrors.store(error))
        }
    }

    /// 201 with the agent. A client may choose its `id` (the docs run `movie-script`); taken: 409.
    func createAgent(_ c: AgentTaskCaller, _ respond: @escaping Responder) {
        guard let body = Self.jsonBody(c, respond) else { return }
        let fields: AgentFields
        switch AgentFields.parse(body) {
        case .failure(let e): return respond(AgentTaskErrors.invalid(e.description))
        case .success(let f): fields = f
        }
        let user = c.user
        let id = fields.id ?? Randomness.shared.uuid4()
        store.write({ tx -> [UInt8]? in
            if try tx.resource(AgentDefinition.key(user: user, id: id)) != nil { return nil }
            let agent = AgentDefinition(id: id, userId: user, fields: fields, createdAt: tx.now)
            try tx.putResource(agent.record)
            return agent.json
        }, completion: { result in
            switch result {
            case .success(let body?): respond(.json(201, body))
            case .success(nil): respond(AgentTaskErrors.error(409, "Agent's ID already exists."))
            case .failure(let e): respond(AgentTaskErrors.store(e))
            }
        })
    }

    func getAgent(_ c: AgentTaskCaller, _ respond: Responder) {
        do {
            guard let r = try store.resource(AgentDefinition.key(user: c.user, id: c.parameters.require("agentId"))) else {
                return respond(AgentTaskErrors.agentNotFound)
            }
            respond(.json(200, Array(r.bodyJSON.utf8)))
        } catch {
            respond(AgentTaskErrors.store(error))
        }
    }

    /// 200 with the agent as rewritten. Runs already started keep the chain they started with.
    func updateAgent(_ c: AgentTaskCaller, _ respond: @escaping Responder) {
        guard let body = Self.jsonBody(c, respond) else { return }
        let key = AgentDefinition.key(user: c.user, id: c.parameters.require("agentId"))
        do {
            guard try store.resource(key) != nil else { return respond(AgentTaskErrors.agentNotFound) }
        } catch {
            return respond(AgentTaskErrors.store(error))
        }
        let fields: AgentFields
        switch AgentFields.parse(body) {
        case .failure(let e): return respond(AgentTaskErrors.invalid(e.description))
        case .success(let f): fields = f
        }
        store.write({ tx -> [UInt8]? in
            guard let old = try tx.resource(key) else { return nil }
            var f = fields
            f.id = nil
            let agent = AgentDefinition(id: key.id, userId: key.tenant, fields: f, createdAt: old.createdAt)
            var record = agent.record
            record.updatedAt = tx.now
            try tx.putResource(record)
            return agent.json
        }, completion: { result in
            switch result {
            case .success(let body?): respond(.json(200, body))
            case .success(nil): respond(AgentTaskErrors.agentNotFound)
            case .failure(let e): respond(AgentTaskErrors.store(e))
            }
        })
    }

    /// 200 with the deleted agent; its tasks and its simulation settings go with it. The
    /// agent goes in the first write (so no new run can start), then its tasks in batches.
    func deleteAgent(_ c: AgentTaskCaller, _ respond: Responder) {
        let key = AgentDefinition.key(user: c.user, id: c.parameters.require("agentId"))
        do {
            guard let deleted = try deleteAgentAndTasks(key) else { return respond(AgentTaskErrors.agentNotFound) }
            respond(.json(200, Array(deleted.utf8)))
        } catch {
            respond(AgentTaskErrors.store(error))
        }
    }

    /// Deletes the agent, its settings and all its tasks (blocking: off the event loops only).
    /// Returns the agent's body, or nil if there was no such agent.
    func deleteAgentAndTasks(_ key: ResourceKey) throws(StoreError) -> String? {
        var q = TaskQuery(dialect: Self.dialectName, tenant: key.tenant)
        q.assignee = key.id
        q.limit = 1000
        let first = try store.list(q).map(\.id)
        let body = try store.writeAndWait { tx -> String? in
            guard let agent = try tx.resource(key) else { return nil }
            try tx.deleteResource(key)
            try tx.deleteResource(AgentSimulation.key(user: key.tenant, agentId: key.id))
            try Self.deleteTasks(tx, user: key.tenant, ids: first)
            return agent.bodyJSON
        }
        guard body != nil else { return nil }
        // More than one batch, or runs started between the list and the write.
        while true {
            let ids = try store.list(q).map(\.id)
            if ids.isEmpty { break }
            let batch = ids
            try store.writeAndWait { tx in try Self.deleteTasks(tx, user: key.tenant, ids: batch) }
        }
        return body
    }

    static func deleteTasks(_ tx: WriteTransaction, user: String, ids: [String]) throws(StoreError) {
        for id in ids {
            do { _ = try tx.delete(taskKey(user, id), cascade: false) } catch .notFound { continue }
        }
    }
}
