import JSON
import Store

extension QuantDialect {
    /// Loads the value under `"quant"` of a seed document:
    /// `{"<organisation>": [<task exactly as getTask returns it>, ...]}`, or per organisation
    /// `{"tasks": [...], "tokens": ["<strict-mode bearer token>", ...], "tokenHashes": [...]}`
    /// (`tokenHashes`: what an export writes, tokens known only by their hashes).
    ///
    /// Tasks are upserted by (organisation, taskId) with ids, timestamps and dependencies kept
    /// as given (dependencies are not checked, so the order of the file does not matter).
    /// Everything happens in one store transaction, and each task is validated and converted
    /// inside it, one at a time: a bad document loads nothing, and the peak memory is the
    /// parsed document plus one record, not a second copy of all of them.
    public func seed(_ part: JSONValue) throws {
        guard let orgs = part.objectValue else {
            throw QuantSeedError("quant must be an object keyed by organisation, got \(part.typeName)")
        }
        let now = store.clock.nowMillis()
        var entries: [(org: String, path: String, value: JSONValue)] = []
        var items: [QuantSeedOrder.Item] = []
        var tokens: [APIKeyRecord] = []
        for org in orgs.keys.sorted() {
            let value = orgs[org] ?? .null
            let path = "quant.\(org)"
            let tasks: [JSONValue]
            switch value {
            case .array(let a):
                tasks = a
            case .object(let o):
                for k in o.keys where k != "tasks" && k != "tokens" && k != "tokenHashes" {
                    throw QuantSeedError("\(path).\(k) is not allowed: an organisation holds \"tasks\", \"tokens\" and \"tokenHashes\"")
                }
                guard let a = (o["tasks"] ?? .array([])).arrayValue else {
                    throw QuantSeedError("\(path).tasks must be an array of tasks")
                }
                tasks = a
                guard let ts = (o["tokens"] ?? .array([])).arrayValue else {
                    throw QuantSeedError("\(path).tokens must be an array of strings")
                }
                for (i, t) in ts.enumerated() {
                    guard let s = t.stringValue, QuantTokens.isValid(s) else {
                        throw QuantSeedError("\(path).tokens[\(i)] must be a non-empty string without whitespace")
                    }
                    tokens.append(QuantTokens.record(organisation: org, token: s, now: now, createdBy: "seed"))
                }
                // What an export writes: tokens known only by their hashes.
                guard let hs = (o["tokenHashes"] ?? .array([])).arrayValue else {
                    throw QuantSeedError("\(path).tokenHashes must be an array of hex SHA-256 strings")
                }
                for (i, h) in hs.enumerated() {
                    guard let s = h.stringValue, s.utf8.count == 64, s.utf8.allSatisfy({ HexDigit.value($0) != nil }) else {
                        throw QuantSeedError("\(path).tokenHashes[\(i)] must be a hex SHA-256 string (64 digits)")
                    }
                    tokens.append(QuantTokens.record(organisation: org, hash: s.lowercased(), now: now, createdBy: "seed"))
                }
            default:
                throw QuantSeedError("\(path) must be an array of tasks (or {\"tasks\",\"tokens\"}), got \(value.typeName)")
            }
            entries.reserveCapacity(entries.count + tasks.count)
            items.reserveCapacity(items.count + tasks.count)
            for (i, t) in tasks.enumerated() {
                entries.append((org, "\(path)[\(i)]", t))
                items.append(QuantSeedOrder.Item(tenant: org, id: t["taskId"]?.stringValue,
                                                 dependsOn: t["dependsOn"]?.arrayValue?.compactMap(\.stringValue) ?? []))
            }
        }
        let order = QuantSeedOrder.dependenciesFirst(items)
        let all = entries, keys = tokens
        do {
            try store.writeAndWait { tx in
                for i in order {
                    let e = all[i]
                    let task = try QuantTask(seed: e.value, organisation: e.org, context: e.path, now: now)
                    if task.dependsOn.contains(task.taskId) {
                        throw QuantValidationError(e.path + ".dependsOn", "\(e.path).dependsOn contains the task's own id \(task.taskId)")
                    }
                    try tx.upsert(task.record, validateDependencies: false)
                }
                for k in keys { try tx.putAPIKey(k) }
            }
        } catch {
            // A validation error thrown in the body arrives wrapped as `.invalid(message)`.
            if case .invalid(let message) = error { throw QuantSeedError(message) }
            throw error
        }
    }
}
