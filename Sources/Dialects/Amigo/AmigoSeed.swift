import Emulator
import Digest
import FastAPI
import JSON
import Store

/// A validated seed: every task, key and lifecycle mode, ready to write in one transaction.
///
/// Shape (the value of the document's `"amigo"` key, or the whole document with that key):
/// ```
/// {"<workspace_id>": [ {TaskStateResponse}, ... ],
///  "<workspace_id>": {"tasks": [...], "api_keys": [{"api_key": "..." | "api_key_hash": "<hex sha-256>",
///                     "name"?, "role"?, "permissions"?, "key_id"?, "expires_at"? | "duration_days"?,
///                     "created_at"?, "created_by"?, "last_used_at"?}],
///                     "lifecycle": "polls:3" | {"mode": "polls", "polls": 3}},
///  "*": {"lifecycle": "immediate"}}
/// ```
/// Tasks are upserted (seeding twice gives the same state) and their TTL starts at the seed.
/// Seeded keys default to role "owner" (they stand in for the workspace owner's own
/// credentials), 90 days, and a key_id derived from the secret, so they re-seed idempotently.
struct AmigoSeed: Sendable {
    var tasks: [AmigoTaskInput] = []
    var keys: [APIKeyRecord] = []
    var lifecycles: [(String, LifecycleMode)] = []
    let now: Int64

    var workspaceCount: Int {
        Set(tasks.map(\.task.workspaceID) + keys.map(\.tenant) + lifecycles.map(\.0)).count
    }

    static func parse(_ document: JSONValue, now: Int64) throws(AmigoInputError) -> AmigoSeed {
        var part = document
        if let inner = document["amigo"] { part = inner }
        guard case .object(let workspaces) = part else {
            throw AmigoInputError("amigo seed: expected an object mapping workspace ids to task lists, got \(part.typeName)")
        }
        var seed = AmigoSeed(now: now)
        for name in workspaces.keys.sorted() {
            let value = workspaces[name] ?? .null
            let workspace: String
            if name == AmigoDialect.defaultTenant {
                workspace = name
            } else {
                switch PydanticUUID.parse(name) {
                case .success(let c): workspace = c
                case .failure(let e): throw AmigoInputError("amigo seed: workspace id '\(name)' is not a UUID (\(e.description))")
                }
            }
            var taskList: JSONValue = .array([])
            switch value {
            case .array: taskList = value
            case .object(let o):
                taskList = o["tasks"] ?? .array([])
                if let keys = o["api_keys"] { try seed.addKeys(keys, workspace: workspace, label: name) }
                if let lc = o["lifecycle"] {
                    do {
                        seed.lifecycles.append((workspace, try LifecycleMode(json: lc)))
                    } catch {
                        throw AmigoInputError("amigo seed: \(name).lifecycle: \(error.description)")
                    }
                }
            default:
                throw AmigoInputError("amigo seed: \(name): expected a list of tasks or an object, got \(value.typeName)")
            }
            guard case .array(let items) = taskList else {
                throw AmigoInputError("amigo seed: \(name).tasks: expected a list, got \(taskList.typeName)")
            }
            if workspace == AmigoDialect.defaultTenant && !items.isEmpty {
                throw AmigoInputError("amigo seed: \"*\" takes only a lifecycle mode, not tasks")
            }
            for (i, item) in items.enumerated() {
                switch AmigoTaskInput.parse(item, workspace: workspace, loc: [], newID: AmigoIDs.uuid4) {
                case .success(let t): seed.tasks.append(t)
                case .failure(let issues):
                    let text = issues.map { issue in
                        let where_ = issue.loc.map { l -> String in
                            switch l { case .key(let k): return "." + k; case .index(let n): return "[\(n)]" }
                        }.joined()
                        return "\(name)[\(i)]\(where_): \(issue.msg)"
                    }.joined(separator: "; ")
                    throw AmigoInputError("amigo seed: \(text)")
                }
            }
        }
        return seed
    }

    private mutating func addKeys(_ v: JSONValue, workspace: String, label: String) throws(AmigoInputError) {
        guard workspace != AmigoDialect.defaultTenant else { throw AmigoInputError("amigo seed: \"*\" cannot hold api_keys") }
        guard case .array(let items) = v else { throw AmigoInputError("amigo seed: \(label).api_keys: expected a list") }
        for (i, item) in items.enumerated() {
            let at = "amigo seed: \(label).api_keys[\(i)]"
            let hash: String
            if let secret = item["api_key"]?.stringValue, !secret.isEmpty {
                hash = SHA256.hexHash(secret)
            } else if let h = item["api_key_hash"]?.stringValue, h.utf8.count == 64, h.utf8.allSatisfy({ HexDigit.value($0) != nil }) {
                hash = h.lowercased()  // what an export writes: the key known only by its hash
            } else {
                throw AmigoInputError("\(at): needs a non-empty \"api_key\" string (or an \"api_key_hash\": 64 hex digits)")
            }
            let keyID = item["key_id"]?.stringValue ?? ("ak_" + hash.prefix(24))
            let role = item["role"]?.stringValue ?? "owner"
            guard AmigoCaller.rank(role) >= 0 else { throw AmigoInputError("\(at): unknown role '\(role)'") }
            var perms: [JSONValue] = []
            if let p = item["permissions"] {
                guard case .array(let list) = p, list.allSatisfy({ $0.stringValue != nil }) else {
                    throw AmigoInputError("\(at): permissions must be a list of strings")
                }
                perms = list
            }
            var expires = now + 90 * AmigoDialect.dayMillis
            if let e = item["expires_at"] {
                guard let s = e.stringValue, let ms = AmigoTimestamp.parse(s) else { throw AmigoInputError("\(at): expires_at must be an ISO-8601 date-time") }
                expires = ms
            } else if let d = item["duration_days"] {
                guard let days = d.intValue, days >= 1 else { throw AmigoInputError("\(at): duration_days must be a positive integer") }
                expires = now + days * AmigoDialect.dayMillis
            }
            var created = now
            if let c = item["created_at"] {
                guard let s = c.stringValue, let ms = AmigoTimestamp.parse(s) else { throw AmigoInputError("\(at): created_at must be an ISO-8601 date-time") }
                created = ms
            }
            var k = APIKeyRecord(dialect: AmigoDialect.dialectName, tenant: workspace, keyID: keyID, secretHash: hash,
                                 name: item["name"]?.stringValue, role: role,
                                 permissionsJSON: JSONValue.array(perms).encodedString, createdAt: created, expiresAt: expires,
                                 createdBy: item["created_by"]?.stringValue)
            if let u = item["last_used_at"]?.stringValue { k.lastUsedAt = AmigoTimestamp.parse(u) }
            keys.append(k)
        }
    }

    /// Writes everything; returns (tasks, keys, workspaces).
    func apply(_ tx: inout WriteTransaction, ttl: Int64) throws -> SeedCounts {
        for t in tasks {
            let created = t.createdAt ?? tx.now
            let r = t.task.record(simulation: t.simulation, createdAt: created, updatedAt: tx.now, startedAt: t.startedAt,
                                  completedAt: t.completedAt, expiresAt: t.expiresAt ?? created + ttl)
            try tx.upsert(r, validateDependencies: false)
        }
        for var k in keys {
            k.updatedAt = tx.now
            try tx.putAPIKey(k)
        }
        for (workspace, mode) in lifecycles {
            try tx.setSetting(dialect: AmigoDialect.dialectName, tenant: workspace, key: Lifecycles.settingKey,
                              value: mode.description)
        }
        return SeedCounts(tasks: tasks.count, apiKeys: keys.count, workspaces: workspaceCount)
    }

    struct SeedCounts: Sendable, Equatable {
        var tasks: Int
        var apiKeys: Int
        var workspaces: Int
    }
}
