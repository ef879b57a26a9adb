import Emulator
import JSON
import Store

/// The Quant part of the control plane's export and reset.
///
/// Export: `{"<organisation>": {"tasks": [<task as getTask returns it>, ...], "tokenHashes": [...]}}`,
/// tasks in insertion order, which `seed` takes back as it is: ids, timestamps (`expiresAt`
/// included), statuses and dependencies. Tokens are stored only as hashes, so they travel as
/// their hashes (`tokenHashes`), which `seed` registers as they are.
extension QuantDialect {
    public func export(tenant: String?) throws -> JSONValue {
        var orgs: [String: [JSONValue]] = [:]
        try store.forEachTask(dialect: QuantTask.dialect, tenant: tenant) { (r: TaskRecord) throws(StoreError) in
            // The renderer's bytes are valid JSON by construction.
            let v = (try? JSONParser.parse(QuantRenderer.full(r))) ?? .null
            orgs[r.tenant, default: []].append(v)
        }
        var out: [String: JSONValue] = [:]
        let tenants = try tenant.map { [$0] } ?? store.tenants(dialect: QuantTask.dialect)
        for org in tenants {
            let hashes = try store.apiKeys(dialect: QuantTask.dialect, tenant: org).map { JSONValue.string($0.secretHash) }
            let tasks = orgs[org] ?? []
            guard !tasks.isEmpty || !hashes.isEmpty else { continue }
            var o: [String: JSONValue] = ["tasks": .array(tasks)]
            if !hashes.isEmpty { o["tokenHashes"] = .array(hashes) }
            out[org] = .object(o)
        }
        return .object(out)
    }

    public func reset(tenant: String?, scope: ResetScope) throws {
        try resetState(in: store, tenant: tenant, scope: scope)
    }
}
