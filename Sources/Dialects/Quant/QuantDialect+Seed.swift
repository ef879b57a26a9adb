import JSON
import Store

extension QuantDialect {
    /// Loads the value under `"quant"` of a seed document:
    /// `{"<organisation>": [<task exactly as getTask returns it>, ...]}`, or per organisation
    /// `{"tasks": [...], "tokens": ["<strict-mode bearer token>", ...]}`.
    ///
    /// Tasks are upserted by (organisation, taskId) with ids, timestamps and dependencies kept
    /// as given (dependencies are not checked, so the order of the file does not matter). The
    /// whole document is validated first and then written in one transaction: a bad document
    /// loads nothing.
    public func seed(_ part: JSONValue) throws {
        guard let orgs = part.objectValue else {
            throw QuantSeedError("quant must be an object keyed by organisation, got \(part.typeName)")
        }
        let now = store.clock.nowMillis()
        var records: [TaskRecord] = []
        var tokens: [APIKeyRecord] = []
        for org in orgs.keys.sorted() {
            let value = orgs[org] ?? .null
            let path = "quant.\(org)"
            let tasks: [JSONValue]
            switch value {
            case .array(let a):
                tasks = a
            case .object(let o):
                for k in o.keys where k != "tasks" && k != "tokens" {
                    throw QuantSeedError("\(path).\(k) is not allowed: an organisation holds \"tasks\" and \"tokens\"")
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
            default:
                throw QuantSeedError("\(path) must be an array of tasks (or {\"tasks\",\"tokens\"}), got \(value.typeName)")
            }
            records.reserveCapacity(records.count + tasks.count)
            for (i, t) in tasks.enumerated() {
                let task: QuantTask
                do { task = try QuantTask(seed: t, organisation: org, context: "\(path)[\(i)]", now: now) } catch {
                    throw QuantSeedError(error.message)
                }
                if task.dependsOn.contains(task.taskId) {
                    throw QuantSeedError("\(path)[\(i)].dependsOn contains the task's own id \(task.taskId)")
                }
                records.append(task.record)
            }
        }
        let all = QuantSeedOrder.dependentsFirst(records), keys = tokens
        try store.writeAndWait { tx in
            for r in all { try tx.upsert(r, validateDependencies: false) }
            for k in keys { try tx.putAPIKey(k) }
        }
    }
}
