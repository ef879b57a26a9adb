import Emulator
import JSON
import Store

/// The agent-task part of the control plane's seed, export and reset (the document shape is
/// `AgentTaskSeed`'s). Export writes every user's agents (with their simulation settings), tasks
/// (as the API shows them, without the embedded relations, plus `simulate`: the run's state),
/// keys as their hashes, and lifecycle modes; `seed` takes it back unchanged.
extension AgentTaskDialect {
    /// Users, as the control plane names tenants (`*`: the dialect-wide lifecycle).
    public func tenant(_ raw: String) throws -> String {
        guard raw == Lifecycles.allTenants || UserID.isValid(raw) else {
            throw ControlError.invalid("\(raw) is not a user id: \(UserID.rule)")
        }
        return raw
    }

    public func seed(_ part: JSONValue) throws {
        let now = store.clock.nowMillis()
        let plan: AgentTaskSeed
        do { plan = try AgentTaskSeed.parse(part, now: now) } catch { throw ControlError.invalid(error.description) }
        let lifecycles = self.lifecycles
        do {
            try store.writeAndWait { tx in try plan.apply(tx, lifecycles: lifecycles) }
        } catch {
            // A validation error thrown in the body arrives wrapped as `.invalid(message)`.
            if case .invalid(let message) = error { throw ControlError.invalid(message) }
            throw error
        }
    }

    public func export(tenant: String?) throws -> JSONValue {
        var tasks: [String: [JSONValue]] = [:]
        try store.forEachTask(dialect: Self.dialectName, tenant: tenant) { (r: TaskRecord) throws(StoreError) in
            var w = JSONWriter(capacity: 512)
            w.beginObject()
            TaskView.writeMembers(r, &w)
            w.key("simulate"); w.raw(r.detailJSON)
            w.endObject()
            if let v = try? JSONParser.parse(w.bytes) { tasks[r.tenant, default: []].append(v) }
        }
        var agents: [String: [(id: String, body: JSONValue)]] = [:]
        var sims: [String: JSONValue] = [:]
        var after: ExportCursor?
        repeat {
            let page = try store.exportResources(dialect: Self.dialectName, tenant: tenant, after: after)
            for r in page.items {
                guard let v = try? JSONParser.parse(r.bodyJSON) else { continue }
                switch r.kind {
                case AgentDefinition.kind: agents[r.tenant, default: []].append((r.id, v))
                case AgentSimulation.kind: sims[r.tenant + "\u{0}" + r.id] = v
                default: break
                }
            }
            after = page.next
        } while after != nil
        var out: [String: JSONValue] = [:]
        var users = try tenant.map { [$0] } ?? store.tenants(dialect: Self.dialectName)
        if tenant == nil && !users.contains(Lifecycles.allTenants) { users.append(Lifecycles.allTenants) }
        for user in users {
            var o: [String: JSONValue] = [:]
            if let mode = try lifecycles.own(tenant: user) { o["lifecycle"] = .string(mode.description) }
            if user != Lifecycles.allTenants {
                let list = (agents[user] ?? []).map { a -> JSONValue in
                    guard case .object(var body) = a.body else { return a.body }
                    if let s = sims[user + "\u{0}" + a.id] { body["simulation"] = s }
                    return .object(body)
                }
                if !list.isEmpty { o["agents"] = .array(list) }
                if let t = tasks[user], !t.isEmpty { o["tasks"] = .array(t) }
                let hashes = try store.apiKeys(dialect: Self.dialectName, tenant: user).reversed().map { JSONValue.string($0.secretHash) }
                if !hashes.isEmpty { o["keyHashes"] = .array(hashes) }
            }
            if !o.isEmpty { out[user] = .object(o) }
        }
        return .object(out)
    }

    public func reset(tenant: String?, scope: ResetScope) throws {
        try resetState(in: store, tenant: tenant, scope: scope)
    }
}
