import Digest
import Emulator
import JSON
import Store
import Timestamps

/// A validated seed (the value of a seed document's `"chamelio"` key, or the whole document
/// with that key), written in one transaction. Also what an export writes, so that
/// `seed(export(x))` restores `x`:
/// ```
/// {"<organization_id>": {
///     "api_keys":  [{"api_key": "ca_..." | "api_key_hash": "<64 hex>", "owner_email", "state"?, "name"?, "key_id"?, "created_at"?}],
///     "workflows": [<definition>, ...],          // each one version; "version" absent: the next one
///     "webhooks":  [{"url", "secret"?, "events"?, "webhook_id"?}],
///     "files":     [{"file_id", "file_name", "content_type"?, "variable_id"?, "step_id"?, "task_id"?, "base64_content"}],
///     "tasks":     [<task as GET /tasks/{id} shows it, plus "simulate">, ...],
///     "lifecycle": "polls:3" | {"mode": "polls", "polls": 3}},
///  "<organization_id>": [<task>, ...],
///  "*": {"workflows": [...], "lifecycle": "manual"}}
/// ```
/// Keys, workflow versions, webhooks (by id), files and tasks (by `task_id`) are upserted, so
/// seeding twice gives the same state; seeds make no webhook events. A task without
/// `simulate` runs the definition its `workflow_id`/`workflow_version` name (from this seed,
/// the store or the built-ins); with `simulate` (an export) it keeps its own snapshot. Task and
/// file counters are raised past the ids a seed brings, so new ids never collide.
struct ChamelioSeed: Sendable {
    struct Organization: Sendable {
        var keys: [APIKeyRecord] = []
        var workflows: [(ChamelioWorkflow, numbered: Bool)] = []
        var webhooks: [ChamelioEndpoint] = []
        var files: [(ref: ChamelioFileRef, taskID: Int64?, data: [UInt8])] = []
        var tasks: [JSONValue] = []
        var lifecycle: LifecycleMode?
    }

    var organizations: [(String, Organization)] = []

    static func parse(_ document: JSONValue, now: Int64) throws(ChamelioInputError) -> ChamelioSeed {
        var part = document
        if let inner = document["chamelio"] { part = inner }
        guard case .object(let orgs) = part else {
            throw ChamelioInputError("chamelio seed: expected an object mapping organization ids to their state, got \(part.typeName)")
        }
        var seed = ChamelioSeed()
        for name in orgs.keys.sorted() {
            let value = orgs[name] ?? .null
            guard name == ChamelioWorkflows.everyOrganization || ChamelioWorkflow.isIdentifier(name) else {
                throw ChamelioInputError("chamelio seed: organization id '\(name)' must be 1 to 128 letters, digits, '_', '-' or '.'")
            }
            var o = Organization()
            let place = "chamelio seed: \(name)"
            switch value {
            case .array(let tasks):
                o.tasks = tasks
            case .object(let fields):
                if let unknown = fields.keys.sorted().first(where: { !["api_keys", "workflows", "webhooks", "files", "tasks", "lifecycle"].contains($0) }) {
                    throw ChamelioInputError("\(place): unknown part \"\(unknown)\" (api_keys, workflows, webhooks, files, tasks, lifecycle)")
                }
                let everyone = name == ChamelioWorkflows.everyOrganization
                for part in ["api_keys", "webhooks", "files", "tasks"] where everyone && fields[part] != nil {
                    throw ChamelioInputError("\(place): \"*\" takes only workflows and a lifecycle mode, not \(part)")
                }
                for (i, k) in try list(fields["api_keys"], "\(place).api_keys").enumerated() {
                    o.keys.append(try key(k, organization: name, place: "\(place).api_keys[\(i)]", now: now))
                }
                for (i, w) in try list(fields["workflows"], "\(place).workflows").enumerated() {
                    let wf = try ChamelioWorkflow.parse(w, place: "\(place).workflows[\(i)]")
                    o.workflows.append((wf, numbered: w["version"].map { !$0.isNull } ?? false))
                }
                for (i, h) in try list(fields["webhooks"], "\(place).webhooks").enumerated() {
                    o.webhooks.append(try ChamelioEndpoint(json: h, place: "\(place).webhooks[\(i)]", now: now))
                }
                for (i, f) in try list(fields["files"], "\(place).files").enumerated() {
                    o.files.append(try file(f, place: "\(place).files[\(i)]", now: now))
                }
                o.tasks = try list(fields["tasks"], "\(place).tasks")
                if let lc = fields["lifecycle"], !lc.isNull {
                    do { o.lifecycle = try LifecycleMode(json: lc) } catch {
                        throw ChamelioInputError("\(place).lifecycle: \(error.description)")
                    }
                }
            default:
                throw ChamelioInputError("\(place): expected a list of tasks or an object, got \(value.typeName)")
            }
            for (i, t) in o.tasks.enumerated() where t.objectValue == nil {
                throw ChamelioInputError("\(place).tasks[\(i)]: a task object, not \(t.typeName)")
            }
            seed.organizations.append((name, o))
        }
        return seed
    }

    private static func list(_ v: JSONValue?, _ place: String) throws(ChamelioInputError) -> [JSONValue] {
        guard let v, !v.isNull else { return [] }
        guard let a = v.arrayValue else { throw ChamelioInputError("\(place): a list") }
        return a
    }

    private static func key(_ k: JSONValue, organization: String, place: String, now: Int64) throws(ChamelioInputError) -> APIKeyRecord {
        guard k.objectValue != nil else { throw ChamelioInputError("\(place): an object") }
        let hash: String
        if let secret = k["api_key"]?.stringValue {
            guard ChamelioKeys.isWellFormed(secret) else { throw ChamelioInputError("\(place).api_key: ca_ followed by letters, digits, '-' or '_'") }
            hash = ChamelioKeys.hash(secret)
        } else if let h = k["api_key_hash"]?.stringValue, h.utf8.count == 64, Hex.decode(h) != nil {
            hash = h.lowercased()
        } else {
            throw ChamelioInputError("\(place): needs \"api_key\" (ca_...) or \"api_key_hash\" (64 hex digits)")
        }
        guard let owner = k["owner_email"]?.stringValue, ChamelioValues.isEmail(owner) else {
            throw ChamelioInputError("\(place).owner_email: an email address")
        }
        let state = k["state"]?.stringValue ?? "active"
        guard ChamelioKeys.states.contains(state) else { throw ChamelioInputError("\(place).state: one of \(ChamelioKeys.states.joined(separator: ", "))") }
        var created = now
        if let c = k["created_at"]?.stringValue {
            guard let ms = CivilTime.parse(c) else { throw ChamelioInputError("\(place).created_at: an ISO-8601 date-time") }
            created = ms
        }
        let keyID = try k["key_id"].map { v throws(ChamelioInputError) in try ChamelioWorkflow.identifier(v, "\(place).key_id") }
        return APIKeyRecord(dialect: ChamelioDialect.dialectName, tenant: organization, keyID: keyID ?? ChamelioKeys.keyID(hash: hash),
                            secretHash: hash, name: k["name"]?.stringValue, role: "member", state: state, owner: owner,
                            createdAt: created, updatedAt: now)
    }

    private static func file(_ f: JSONValue, place: String, now: Int64) throws(ChamelioInputError) -> (ref: ChamelioFileRef, taskID: Int64?, data: [UInt8]) {
        guard let id = f["file_id"]?.stringValue, ChamelioFiles.isValidID(id) else {
            throw ChamelioInputError("\(place).file_id: attachment_<n> or document_<n>")
        }
        guard let name = f["file_name"]?.stringValue, !name.isEmpty else { throw ChamelioInputError("\(place).file_name: a file name") }
        guard let data = Base64.decode(f["base64_content"]?.stringValue ?? "") else { throw ChamelioInputError("\(place).base64_content: base64") }
        let ref = ChamelioFileRef(fileID: id, fileName: name, contentType: f["content_type"]?.stringValue ?? ChamelioFiles.contentType(forName: name),
                                  variableID: f["variable_id"]?.stringValue, stepID: f["step_id"]?.stringValue,
                                  createdAt: f["created_at_ms"]?.intValue ?? now)
        return (ref, f["task_id"]?.intValue, data)
    }

    /// Writes everything in `tx`; returns how many tasks were seeded.
    func apply(_ tx: WriteTransaction) throws -> Int {
        var count = 0
        for (org, o) in organizations {
            for k in o.keys {
                do {
                    try tx.putAPIKey(k)
                } catch {
                    guard case .invalid = error else { throw error }
                    throw ChamelioInputError("chamelio seed: \(org): key \(k.keyID) is registered to another organization")
                }
            }
            for (wf, numbered) in o.workflows { _ = try ChamelioWorkflows.publish(tx, organization: org, wf, numbered: numbered) }
            if !o.webhooks.isEmpty {
                var endpoints = try ChamelioWebhooks.endpoints(tx, org)
                for e in o.webhooks {
                    if let i = endpoints.firstIndex(where: { $0.id == e.id }) { endpoints[i] = e } else { endpoints.append(e) }
                }
                try ChamelioWebhooks.save(tx, org, endpoints)
            }
            for f in o.files {
                try tx.putResource(ChamelioFiles.record(org, f.ref, taskID: f.taskID, data: f.data))
                if let n = Int64(f.ref.fileID.drop { $0 != "_" }.dropFirst()) {
                    try tx.raiseSequence(dialect: ChamelioDialect.dialectName, name: ChamelioFiles.counter, atLeast: n)
                }
            }
            for (i, item) in o.tasks.enumerated() {
                let t = try Self.task(tx, item, organization: org, place: "chamelio seed: \(org).tasks[\(i)]")
                try tx.upsert(t.record, validateDependencies: false)
                try tx.raiseSequence(dialect: ChamelioDialect.dialectName, name: "task", atLeast: t.taskID)
                count += 1
            }
            if let mode = o.lifecycle {
                try tx.setSetting(dialect: ChamelioDialect.dialectName, tenant: org, key: Lifecycles.settingKey, value: mode.description)
            }
        }
        return count
    }

    /// A task from its vendor form (+ `simulate`).
    static func task(_ tx: WriteTransaction, _ v: JSONValue, organization: String, place: String) throws -> ChamelioTask {
        var id: Int64
        if let raw = v["task_id"], !raw.isNull {
            guard let n = raw.intValue, n >= 1 else { throw ChamelioInputError("\(place).task_id: a positive integer") }
            id = n
        } else {
            id = try tx.nextSequence(dialect: ChamelioDialect.dialectName, name: "task")
        }
        let status = v["status"]?.stringValue ?? "created"
        guard ChamelioTask.statuses.contains(status) else {
            throw ChamelioInputError("\(place).status: one of \(ChamelioTask.statuses.joined(separator: ", "))")
        }
        let sim = v["simulate"] ?? .object([:])
        let wf: ChamelioWorkflow
        if let snapshot = sim["workflow"] {
            wf = try ChamelioWorkflow.parse(snapshot, place: "\(place).simulate.workflow")
        } else {
            guard let wid = v["workflow_id"]?.stringValue else { throw ChamelioInputError("\(place).workflow_id: required") }
            let versions = try ChamelioWorkflows.versions(wid, organization: organization) { k throws(StoreError) in try tx.resource(k) }
            let wanted = v["workflow_version"]?.intValue.map { String($0) } ?? "latest"
            guard let found = ChamelioWorkflows.select(versions, wanted) else {
                throw ChamelioInputError("\(place): workflow \(wid) version \(wanted) is not defined (seed its definition under \"workflows\")")
            }
            wf = found
        }
        func time(_ key: String) throws(ChamelioInputError) -> Int64? {
            guard let raw = v[key], !raw.isNull else { return nil }
            guard let s = raw.stringValue, let ms = CivilTime.parse(s) else { throw ChamelioInputError("\(place).\(key): an ISO-8601 date-time") }
            return ms
        }
        let created = try time("created_at") ?? tx.now
        var t = ChamelioTask(vendor: v, simulation: sim, workflow: wf, taskID: id, organization: organization, createdAt: created,
                             updatedAt: try time("updated_at") ?? created, completedAt: try time("completed_at"))
        if t.workflowStateID.isEmpty { t.workflowStateID = "ws_" + Randomness.shared.hex(6) }
        return t
    }
}
