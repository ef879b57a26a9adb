import Emulator
import FastAPI
import JSON
import Store

/// The Amigo part of the control plane's export and reset.
///
/// Export, per workspace, in the seed's object form:
/// `{"tasks": [TaskStateResponse + "simulate"], "api_keys": [...], "lifecycle": mode}`, and
/// `"*": {"lifecycle": mode}` for the workspace-wide choice. `simulate` carries what the
/// vendor does not show but the simulator needs to go on where it stood (outcome, polls seen,
/// and the task's instants on the store clock); keys travel as their hashes (`api_key_hash`),
/// the only form the store has. `seed` takes the document back unchanged.
extension AmigoDialect {
    public var defaultLifecycle: LifecycleMode? { config.defaultLifecycle }

    /// Workspaces are UUIDs; the store keeps their canonical form (`*` is the dialect-wide
    /// lifecycle's tenant).
    public func tenant(_ raw: String) throws -> String {
        if raw == Lifecycles.allTenants { return raw }
        switch PydanticUUID.parse(raw) {
        case .failure(let e): throw ControlError.invalid("\(raw) is not a workspace UUID: \(e.description)")
        case .success(let ws): return ws
        }
    }

    public func export(tenant: String?) throws -> JSONValue {
        var tasks: [String: [JSONValue]] = [:]
        try store.forEachTask(dialect: Self.dialectName, tenant: tenant) { (r: TaskRecord) throws(StoreError) in
            guard case .object(var o) = (try? JSONParser.parse(AmigoTaskView.task(r))) ?? .null else { return }
            let sim = AmigoSimulation(detailJSON: r.detailJSON)
            var s: [String: JSONValue] = ["outcome": .string(sim.outcome), "polls": .int(sim.polls), "created_at_ms": .int(r.createdAt)]
            if let e = r.expiresAt { s["expires_at_ms"] = .int(e) }
            if let v = sim.result { s["result"] = .string(v) }
            if let v = sim.error { s["error"] = .string(v) }
            if let v = sim.errorType { s["error_type"] = .string(v) }
            o["simulate"] = .object(s)
            tasks[r.tenant, default: []].append(.object(o))
        }
        var out: [String: JSONValue] = [:]
        var tenants = try tenant.map { [$0] } ?? store.tenants(dialect: Self.dialectName)
        if tenant == nil && !tenants.contains(Self.defaultTenant) { tenants.append(Self.defaultTenant) }
        for ws in tenants {
            var o: [String: JSONValue] = [:]
            if let mode = try lifecycles.own(tenant: ws) { o["lifecycle"] = .string(mode.description) }
            if ws != Self.defaultTenant {
                let keys = try store.apiKeys(dialect: Self.dialectName, tenant: ws).reversed().map(Self.exportKey)
                if !keys.isEmpty { o["api_keys"] = .array(keys) }
                if let t = tasks[ws], !t.isEmpty { o["tasks"] = .array(t) }
            }
            if !o.isEmpty { out[ws] = .object(o) }
        }
        return .object(out)
    }

    static func exportKey(_ k: APIKeyRecord) -> JSONValue {
        var o: [String: JSONValue] = [
            "api_key_hash": .string(k.secretHash), "key_id": .string(k.keyID), "role": .string(k.role),
            "permissions": (try? JSONParser.parse(k.permissionsJSON)) ?? .array([]),
            "created_at": .string(AmigoTimestamp.pydanticDateTime(k.createdAt)),
        ]
        if let n = k.name { o["name"] = .string(n) }
        if let e = k.expiresAt { o["expires_at"] = .string(AmigoTimestamp.pydanticDateTime(e)) }
        if let c = k.createdBy { o["created_by"] = .string(c) }
        if let u = k.lastUsedAt { o["last_used_at"] = .string(AmigoTimestamp.pydanticDateTime(u)) }
        return .object(o)
    }

    public func reset(tenant: String?, scope: ResetScope) throws {
        try resetState(in: store, tenant: tenant, scope: scope)
    }
}
