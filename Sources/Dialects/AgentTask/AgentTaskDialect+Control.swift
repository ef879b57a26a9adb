import Emulator
import HTTP1
import JSON
import Routing
import Store

/// polytask's own routes for agent-task under `/_polytask/agentTask/`, behind the control
/// plane's admin check, in the control plane's `{"error","message"}` shape. Bodies are JSON
/// whatever their `Content-Type`.
///
/// Keys (a key belongs to one user; only its hash is stored):
/// - `POST /keys` `{"user": "alice", "key"?: "..."}` → 201 `{"id","user","key","createdAt"}`, the
///   only answer that shows the key (generated when not given). The same key again: same id;
///   a key another user has: 409.
/// - `GET /keys[?user=alice]` → 200 `{"keys": [{"id","user","createdAt","createdBy"}]}`, newest
///   first per user; never the keys.
/// - `DELETE /keys/{id}` → 204 (revoked at once), 404 if no user has it.
///
/// An agent's simulation settings (`AgentSimulation`):
/// - `GET /users/{user}/agents/{agentId}/simulation` → 200 the settings (`{}` if none);
/// - `PUT` the same with the settings → 200 the settings as stored (they replace the old ones);
/// - `DELETE` → 204. 404 if the user has no such agent.
extension AgentTaskDialect {
    public func mountControl(on g: RouteGroup<RequestContext>) {
        let d = self
        g.post("/keys") { ctx, respond in d.addKey(ctx, respond) }
        g.get("/keys", options: .offLoop) { ctx, respond in d.listKeys(ctx, respond) }
        g.delete("/keys/{id}", options: .offLoop) { ctx, respond in d.revokeKey(ctx, respond) }
        let sim = "/users/{user}/agents/{agentId}/simulation"
        g.get(sim) { ctx, respond in d.getSimulation(ctx, respond) }
        g.put(sim) { ctx, respond in d.putSimulation(ctx, respond) }
        g.delete(sim) { ctx, respond in d.deleteSimulation(ctx, respond) }
    }

    static func failure(_ status: Int, _ code: String, _ message: String) -> HTTPResponse {
        DefaultErrorShape.body(status: status, code: code, message: message)
    }

    static func controlBody(_ ctx: RequestContext, _ respond: Responder) -> JSONValue? {
        guard !ctx.body.isEmpty else { return .object([:]) }
        do { return try JSONParser.parse(ctx.body) } catch {
            respond(failure(400, "invalid_json", "The body is not valid JSON: \(error)"))
            return nil
        }
    }

    // MARK: keys

    func addKey(_ ctx: RequestContext, _ respond: @escaping Responder) {
        guard let body = Self.controlBody(ctx, respond) else { return }
        guard let user = body["user"]?.stringValue, UserID.isValid(user) else {
            return respond(Self.failure(400, "invalid", "\"user\" is required: \(UserID.rule)"))
        }
        let key: String
        if let k = body["key"], !k.isNull {
            guard let s = k.stringValue, AgentTaskKeys.isValid(s) else {
                return respond(Self.failure(400, "invalid", "\"key\" must be a non-empty string without whitespace (at most 512 bytes)"))
            }
            key = s
        } else {
            key = "nla_" + Randomness.shared.hex(24)
        }
        let hash = AgentTaskKeys.hash(key)
        store.write({ tx -> APIKeyRecord? in
            if let other = try tx.apiKey(dialect: Self.dialectName, tenant: user, keyID: AgentTaskKeys.id(hash: hash)),
               other.secretHash != hash {
                return nil  // 48-bit id collision with another of this user's keys: refuse rather than replace
            }
            let record = AgentTaskKeys.record(user: user, hash: hash, now: tx.now, createdBy: "control")
            guard try AgentTaskSeed.register(tx, record) else { return nil }
            return record
        }, completion: { result in
            switch result {
            case .success(let r?):
                var w = JSONWriter()
                w.beginObject()
                w.key("id"); w.string(r.keyID)
                w.key("user"); w.string(r.tenant)
                w.key("key"); w.string(key)
                w.key("createdAt"); w.int(r.createdAt)
                w.endObject()
                respond(.json(201, w.bytes))
            case .success(nil):
                respond(Self.failure(409, "conflict", "This key is registered to another user"))
            case .failure(let e):
                respond(Self.failure(500, "store_error", "\(e)"))
            }
        })
    }

    func listKeys(_ ctx: RequestContext, _ respond: Responder) {
        var users: [String]
        if let u = ctx.query["user"], !u.isEmpty {
            guard UserID.isValid(u) else { return respond(Self.failure(400, "invalid", "user must be \(UserID.rule)")) }
            users = [u]
        } else {
            do { users = try store.tenants(dialect: Self.dialectName) } catch {
                return respond(Self.failure(500, "store_error", "\(error)"))
            }
            users.removeAll { $0 == Lifecycles.allTenants }
        }
        var w = JSONWriter()
        w.beginObject()
        w.key("keys")
        w.beginArray()
        do {
            for u in users {
                for k in try store.apiKeys(dialect: Self.dialectName, tenant: u) {
                    w.beginObject()
                    w.key("id"); w.string(k.keyID)
                    w.key("user"); w.string(k.tenant)
                    w.key("createdAt"); w.int(k.createdAt)
                    w.key("createdBy"); if let c = k.createdBy { w.string(c) } else { w.null() }
                    w.endObject()
                }
            }
        } catch {
            return respond(Self.failure(500, "store_error", "\(error)"))
        }
        w.endArray()
        w.endObject()
        respond(.json(200, w.bytes))
    }

    /// By id only: a key in a path would be written to the request log and the journal.
    func revokeKey(_ ctx: RequestContext, _ respond: Responder) {
        let id = ctx.parameters.require("id")
        do {
            for u in try store.tenants(dialect: Self.dialectName) {
                guard try store.apiKey(dialect: Self.dialectName, tenant: u, keyID: id) != nil else { continue }
                let deleted = try store.writeAndWait { tx in try tx.deleteAPIKey(dialect: Self.dialectName, tenant: u, keyID: id) }
                if deleted { return respond(HTTPResponse(status: 204)) }
            }
        } catch {
            return respond(Self.failure(500, "store_error", "\(error)"))
        }
        respond(Self.failure(404, "not_found", "No key with id \(id)"))
    }

    // MARK: simulation settings

    /// The user and agent of a simulation route, if the agent exists (else the 400/404 is sent).
    private func simulationTarget(_ ctx: RequestContext, _ respond: Responder) -> ResourceKey? {
        let user = ctx.parameters.require("user")
        guard UserID.isValid(user) else {
            respond(Self.failure(400, "invalid", "user must be \(UserID.rule)"))
            return nil
        }
        let agentId = ctx.parameters.require("agentId")
        do {
            guard try store.resource(AgentDefinition.key(user: user, id: agentId)) != nil else {
                respond(Self.failure(404, "not_found", "User \(user) has no agent \(agentId)"))
                return nil
            }
        } catch {
            respond(Self.failure(500, "store_error", "\(error)"))
            return nil
        }
        return AgentSimulation.key(user: user, agentId: agentId)
    }

    func getSimulation(_ ctx: RequestContext, _ respond: Responder) {
        guard let key = simulationTarget(ctx, respond) else { return }
        do {
            let body = try store.resource(key)?.bodyJSON ?? "{}"
            respond(.json(200, Array(body.utf8)))
        } catch {
            respond(Self.failure(500, "store_error", "\(error)"))
        }
    }

    func putSimulation(_ ctx: RequestContext, _ respond: @escaping Responder) {
        guard let body = Self.controlBody(ctx, respond), let key = simulationTarget(ctx, respond) else { return }
        let sim: AgentSimulation
        do { sim = try AgentSimulation(json: body, context: "body") } catch {
            return respond(Self.failure(400, "invalid", error.description))
        }
        let agentKey = AgentDefinition.key(user: key.tenant, id: key.id)
        store.write({ tx -> Bool in
            guard try tx.resource(agentKey) != nil else { return false }
            if sim.isEmpty { try tx.deleteResource(key) } else { try tx.putResource(sim.record(user: key.tenant, agentId: key.id, now: tx.now)) }
            return true
        }, completion: { result in
            switch result {
            case .success(true): respond(.json(200, sim.json.encoded))
            case .success(false): respond(Self.failure(404, "not_found", "User \(key.tenant) has no agent \(key.id)"))
            case .failure(let e): respond(Self.failure(500, "store_error", "\(e)"))
            }
        })
    }

    func deleteSimulation(_ ctx: RequestContext, _ respond: @escaping Responder) {
        guard let key = simulationTarget(ctx, respond) else { return }
        store.write({ tx in try tx.deleteResource(key) }, completion: { result in
            switch result {
            case .success: respond(HTTPResponse(status: 204))
            case .failure(let e): respond(Self.failure(500, "store_error", "\(e)"))
            }
        })
    }

    // MARK: advance

    /// One step of a run (the `manual` mode's advance, for `POST /_polytask/advance` with
    /// `{"dialect":"agentTask","tenant":"<user>","taskId":"..."}`): the next node's running line,
    /// or the end. Answers the task as `GET /api/v1/task/{taskId}` now shows it.
    public func advance(tenant: String, taskID: String) throws -> JSONValue {
        let user = try self.tenant(tenant)
        let key = Self.taskKey(user, taskID)
        enum Outcome: Sendable { case moved([UInt8]), ended, missing }
        let outcome = try store.writeAndWait { tx -> Outcome in
            guard let r = try tx.task(key) else { return .missing }
            var t = try RunTask(record: r)
            guard RunLifecycle.advance(&t.state) else { return .ended }
            let saved = try Self.save(tx, &t, wasFinished: false)
            return .moved(TaskView.task(saved, agent: try Self.agentBody(tx, saved)))
        }
        switch outcome {
        case .moved(let body): return try JSONParser.parse(body)
        case .ended: throw ControlError(status: 409, code: "terminal", message: "The run has already ended")
        case .missing: throw ControlError.notFound("Task's ID is not found.")
        }
    }
}
