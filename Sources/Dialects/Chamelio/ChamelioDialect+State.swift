import Emulator
import JSON
import Store

/// The Chamelio part of the control plane's seed, export, reset and advance.
///
/// Export, per organisation, in the seed's object form (`ChamelioSeed`): keys as their hashes
/// (the only form the store has), workflow versions, webhook endpoints with their secrets (a
/// seeded endpoint must be able to sign; the export is the admin's backup of the state, and no
/// listing ever shows a secret), files with their contents in base64, tasks as the vendor shows
/// them plus `simulate` (the engine's state: the definition snapshot, current step, polls,
/// step-run instants and outcomes, files, comments, metadata), and the lifecycle mode.
extension ChamelioDialect {
    /// Organisation ids are path segments and event fields: 1 to 128 letters, digits, `_`, `-`
    /// or `.`; `*` is every organisation (lifecycle modes and workflow definitions).
    public func tenant(_ raw: String) throws -> String {
        guard raw == Lifecycles.allTenants || ChamelioWorkflow.isIdentifier(raw) else {
            throw ControlError.invalid("\(raw) is not an organization id (1 to 128 letters, digits, '_', '-' or '.')")
        }
        return raw
    }

    public func seed(_ part: JSONValue) throws {
        let plan: ChamelioSeed
        do { plan = try ChamelioSeed.parse(part, now: now) } catch { throw ControlError.invalid(error.description) }
        do {
            _ = try store.writeAndWait { tx in try plan.apply(tx) }
        } catch .invalid(let message) {
            throw ControlError.invalid(message)
        }
    }

    public func export(tenant: String?) throws -> JSONValue {
        var orgs: [String: [String: JSONValue]] = [:]
        var tasks: [String: [JSONValue]] = [:]
        try store.forEachTask(dialect: Self.dialectName, tenant: tenant) { (r: TaskRecord) throws(StoreError) in
            guard case .object(var o) = (try? JSONParser.parse(r.summaryJSON)) ?? .null, let id = Int64(r.id) else { return }
            o["task_id"] = .int(id)
            o["simulate"] = (try? JSONParser.parse(r.detailJSON)) ?? .object([:])
            tasks[r.tenant, default: []].append(.object(o))
        }
        for (org, list) in tasks { orgs[org, default: [:]]["tasks"] = .array(list) }
        var after: ExportCursor?
        repeat {
            let page = try store.exportResources(dialect: Self.dialectName, tenant: tenant, after: after)
            for r in page.items {
                var list = orgs[r.tenant]?[Self.exportPart(r.kind)]?.arrayValue ?? []
                switch r.kind {
                case ChamelioWorkflows.kind:
                    list += ChamelioWorkflows.decode(r).map(\.json)
                case ChamelioWebhooks.kind:
                    list += ChamelioWebhooks.decode(r).map(\.json)
                case ChamelioFiles.kind:
                    guard let ref = ChamelioFiles.ref(r) else { continue }
                    var o = ref.json.objectValue ?? [:]
                    o["created_at_ms"] = o.removeValue(forKey: "created_at")
                    if let task = (try? JSONParser.parse(r.bodyJSON))?["task_id"] { o["task_id"] = task }
                    o["base64_content"] = .string(Base64.encode(r.data ?? []))
                    list.append(.object(o))
                default:
                    continue
                }
                orgs[r.tenant, default: [:]][Self.exportPart(r.kind)] = .array(list)
            }
            after = page.next
        } while after != nil
        let tenants = try tenant.map { [$0] } ?? store.tenants(dialect: Self.dialectName)
        for org in tenants {
            if let mode = try lifecycles.own(tenant: org) { orgs[org, default: [:]]["lifecycle"] = .string(mode.description) }
            let keys = try store.apiKeys(dialect: Self.dialectName, tenant: org).reversed().map(Self.exportKey)
            if !keys.isEmpty { orgs[org, default: [:]]["api_keys"] = .array(keys) }
        }
        return .object(orgs.filter { !$0.value.isEmpty }.mapValues { JSONValue.object($0) })
    }

    static func exportPart(_ kind: String) -> String {
        switch kind {
        case ChamelioWorkflows.kind: return "workflows"
        case ChamelioWebhooks.kind: return "webhooks"
        default: return "files"
        }
    }

    static func exportKey(_ k: APIKeyRecord) -> JSONValue {
        var o: [String: JSONValue] = ["api_key_hash": .string(k.secretHash), "key_id": .string(k.keyID), "state": .string(k.state),
                                      "created_at": .string(ChamelioTime.text(k.createdAt))]
        if let owner = k.owner { o["owner_email"] = .string(owner) }
        if let n = k.name { o["name"] = .string(n) }
        return .object(o)
    }

    public func reset(tenant: String?, scope: ResetScope) throws {
        try resetState(in: store, tenant: tenant, scope: scope)
    }

    /// One step forward (what `manual` tasks wait for, and what the assignee of a review or
    /// signature step does in the vendor's UI): completes the current step, then applies the
    /// organisation's lifecycle mode. Answers the task as `GET /tasks/{id}` shows it.
    public func advance(tenant: String, taskID: String) throws -> JSONValue {
        let org = try self.tenant(tenant)
        guard let id = Int64(taskID) else { throw ControlError.notFound("Task not found") }
        let key = Self.key(org, id)
        let lifecycles = self.lifecycles
        enum Outcome: Sendable { case moved(TaskRecord), stuck(String), missing }
        let outcome = try store.writeAndWait { tx -> Outcome in
            guard let r = try tx.task(key) else { return .missing }
            guard var t = ChamelioTask(record: r) else { return .stuck("the task's state cannot be read") }
            var engine = Self.engine(tx)
            do { try engine.advance(&t, at: tx.now) } catch is ChamelioEngine.Refusal { return .stuck(t.status) }
            try engine.settle(&t, mode: try lifecycles.mode(tx, tenant: org), now: tx.now, poll: false)
            let updated = t.record
            try tx.update(updated, validateDependencies: false)
            try ChamelioWebhooks.enqueue(tx, organization: org, engine.events)
            return .moved(updated)
        }
        switch outcome {
        case .moved(let r): return try JSONParser.parse(ChamelioTaskView.task(r))
        case .stuck(let status): throw ControlError(status: 409, code: "terminal", message: "Task cannot move on (status \(status))")
        case .missing: throw ControlError.notFound("Task not found")
        }
    }
}
