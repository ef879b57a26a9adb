import Emulator
import JSON
import Store
import Timestamps

/// A validated seed part, ready to write in one transaction.
///
/// Shape (the value of a seed document's `"agentTask"` key), keyed by user:
/// ```
/// {"alice": {"keys": ["<api key>"], "keyHashes": ["<hex sha-256>"], "lifecycle": "polls:3",
///            "agents": [{"id"?, "name", "description"?, "variables"?, "promptChain", "createdAt"?,
///                        "simulation"?: {...}}],
///            "tasks": [{"id"?, "agentId", "name"?, "createdAt"?, "status"?, "logs"?, "output"?,
///                       "callback"?, "simulate"?: {...}}]},
///  "*": {"lifecycle": "immediate"}}
/// ```
/// Agents and tasks are what the API shows (`userId` and the embedded relations are ignored);
/// ids, when given, are kept, and seeding twice gives the same state (upserts). A task's
/// agent must be in the seed or already stored for that user. A task without `simulate` is
/// taken as shown: a terminal one as it is; a running one (the default status) gets a run
/// planned from its agent (no input), with its given logs as the steps already done, and the
/// mode the agent, user or dialect has at seed time.
struct AgentTaskSeed: Sendable {
    struct Task: Sendable {
        var user: String
        var path: String
        var id: String
        var agentId: String
        var name: String?
        var createdAt: Int64?
        var status: String
        var logs: [String]
        var output: [RunPlan.Entry]
        var callback: String?
        var simulate: RunState?
    }

    var agents: [AgentDefinition] = []
    var simulations: [(user: String, agentId: String, settings: AgentSimulation)] = []
    var tasks: [Task] = []
    var keys: [(user: String, hash: String)] = []
    var lifecycles: [(user: String, mode: LifecycleMode)] = []
    let now: Int64

    static func parse(_ part: JSONValue, now: Int64) throws(AgentFieldError) -> AgentTaskSeed {
        guard let users = part.objectValue else {
            throw AgentFieldError("agentTask must be an object keyed by user, got \(part.typeName)")
        }
        var seed = AgentTaskSeed(now: now)
        for user in users.keys.sorted() {
            let path = "agentTask.\(user)"
            guard let o = users[user]?.objectValue else { throw AgentFieldError("\(path) must be an object") }
            for k in o.keys where !["keys", "keyHashes", "lifecycle", "agents", "tasks"].contains(k) {
                throw AgentFieldError("\(path).\(k) is not allowed: a user holds keys, keyHashes, lifecycle, agents and tasks")
            }
            if user == Lifecycles.allTenants {
                guard o.keys.allSatisfy({ $0 == "lifecycle" }) else { throw AgentFieldError("\(path) takes only a lifecycle") }
            } else if !UserID.isValid(user) {
                throw AgentFieldError("\(path): a user id is \(UserID.rule)")
            }
            if let l = o["lifecycle"], !l.isNull {
                do { seed.lifecycles.append((user, try LifecycleMode(json: l))) } catch {
                    throw AgentFieldError("\(path).lifecycle: \(error.description)")
                }
            }
            for (i, k) in try strings(o["keys"], "\(path).keys").enumerated() {
                guard AgentTaskKeys.isValid(k) else { throw AgentFieldError("\(path).keys[\(i)] must be a non-empty string without whitespace") }
                seed.keys.append((user, AgentTaskKeys.hash(k)))
            }
            for (i, h) in try strings(o["keyHashes"], "\(path).keyHashes").enumerated() {
                guard AgentTaskKeys.isHash(h) else { throw AgentFieldError("\(path).keyHashes[\(i)] must be a hex SHA-256 (64 digits)") }
                seed.keys.append((user, h.lowercased()))
            }
            for (i, a) in try array(o["agents"], "\(path).agents").enumerated() {
                try seed.addAgent(a, user: user, path: "\(path).agents[\(i)]")
            }
            for (i, t) in try array(o["tasks"], "\(path).tasks").enumerated() {
                seed.tasks.append(try task(t, user: user, path: "\(path).tasks[\(i)]", now: now))
            }
        }
        return seed
    }

    private mutating func addAgent(_ v: JSONValue, user: String, path: String) throws(AgentFieldError) {
        let fields: AgentFields
        switch AgentFields.parse(v) {
        case .failure(let e): throw AgentFieldError("\(path): \(e.description)")
        case .success(let f): fields = f
        }
        let id = fields.id ?? Randomness.shared.uuid4()
        let created = try Self.date(v["createdAt"], "\(path).createdAt") ?? now
        var f = fields
        f.id = nil
        agents.append(AgentDefinition(id: id, userId: user, fields: f, createdAt: created))
        if let s = v["simulation"], !s.isNull {
            simulations.append((user, id, try AgentSimulation(json: s, context: "\(path).simulation")))
        }
    }

    private static func task(_ v: JSONValue, user: String, path: String, now: Int64) throws(AgentFieldError) -> Task {
        guard let o = v.objectValue else { throw AgentFieldError("\(path) must be a task object") }
        guard let agentId = o["agentId"]?.stringValue, !agentId.isEmpty else {
            throw AgentFieldError("\(path).agentId is required: the id of one of \(user)'s agents")
        }
        var id = Randomness.shared.uuid4()
        if let i = o["id"], !i.isNull {
            guard let s = i.stringValue, ChosenID.isValid(s) else { throw AgentFieldError("\(path).id must be \(ChosenID.rule)") }
            id = s
        }
        var name: String?
        if let n = o["name"], !n.isNull {
            guard let s = n.stringValue else { throw AgentFieldError("\(path).name must be a string") }
            name = s
        }
        let status = o["status"]?.stringValue ?? "running"
        guard ["running", "complete", "error"].contains(status) else {
            throw AgentFieldError("\(path).status must be running, complete or error")
        }
        let logs = try strings(o["logs"], "\(path).logs")
        var output: [RunPlan.Entry] = []
        if let out = o["output"], !out.isNull {
            // The docs' get example shows `"output": ""`: an empty string is an empty output.
            if let s = out.stringValue, s.isEmpty {
            } else {
                guard let oo = out.objectValue else { throw AgentFieldError("\(path).output must be an object of strings") }
                for k in oo.keys.sorted() {
                    guard let s = oo[k]?.stringValue else { throw AgentFieldError("\(path).output.\(k) must be a string") }
                    output.append(RunPlan.Entry(key: k, value: s))
                }
            }
        }
        var callback: String?
        if let c = o["callback"], !c.isNull {
            guard let s = c.stringValue, RunCallback.isValid(s) else { throw AgentFieldError("\(path).callback must be an http or https URL") }
            callback = s
        }
        var simulate: RunState?
        if let s = o["simulate"], !s.isNull { simulate = try RunState(json: s, context: "\(path).simulate") }
        return Task(user: user, path: path, id: id, agentId: agentId, name: name, createdAt: try date(o["createdAt"], "\(path).createdAt"),
                    status: status, logs: logs, output: output, callback: callback, simulate: simulate)
    }

    /// Writes everything: lifecycle modes and keys first, then agents and their settings, then
    /// tasks (which read both).
    func apply(_ tx: WriteTransaction, lifecycles: Lifecycles) throws {
        for (user, mode) in self.lifecycles { try lifecycles.set(tx, tenant: user, mode: mode) }
        for (user, hash) in keys {
            if !(try Self.register(tx, AgentTaskKeys.record(user: user, hash: hash, now: now, createdBy: "seed"))) {
                throw AgentFieldError("agentTask.\(user): a key is already registered to another user")
            }
        }
        for a in agents { try tx.putResource(a.record) }
        for s in simulations {
            try tx.putResource(s.settings.record(user: s.user, agentId: s.agentId, now: now))
        }
        for t in tasks {
            guard let r = try tx.resource(AgentDefinition.key(user: t.user, id: t.agentId)), let agent = AgentDefinition(record: r) else {
                throw AgentFieldError("\(t.path).agentId: \(t.user) has no agent \(t.agentId)")
            }
            let state = try t.simulate.map { s -> RunState in
                var s = s
                if t.callback != nil { s.callback = t.callback }
                return s
            } ?? planned(t, agent: agent, tx: tx, lifecycles: lifecycles)
            let created = t.createdAt ?? now
            var run = RunTask(id: t.id, user: t.user, agentId: agent.id, name: t.name ?? agent.name, createdAt: created,
                              updatedAt: now, state: state)
            if state.finished { run.completedAt = RunLifecycle.scheduledEnd(state, createdAt: created).map { min($0, now) } ?? now }
            try tx.upsert(run.record, validateDependencies: false)
            if !state.finished, let callback = state.callback, let end = RunLifecycle.scheduledEnd(state, createdAt: created) {
                var ended = run
                ended.state.done = ended.state.stepCount
                ended.completedAt = end
                ended.updatedAt = end
                try AgentTaskDialect.enqueueCallback(tx, ended.record, callback: callback, notBefore: end)
            }
        }
    }

    /// Puts a key; false if its hash is another key's (the store refuses a second key with
    /// the same secret).
    static func register(_ tx: WriteTransaction, _ k: APIKeyRecord) throws(StoreError) -> Bool {
        do {
            try tx.putAPIKey(k)
            return true
        } catch {
            if case .invalid = error { return false }
            throw error
        }
    }

    /// The state of a seeded task given without `simulate`.
    private func planned(_ t: Task, agent: AgentDefinition, tx: WriteTransaction, lifecycles: Lifecycles) throws -> RunState {
        let sim = try AgentTaskDialect.simulation(tx, user: t.user, agentId: agent.id)
        let mode = try sim?.lifecycle ?? lifecycles.mode(tx, tenant: t.user)
        guard t.status == "running" else {
            let plan = RunPlan(steps: t.logs, outcome: t.status == "error" ? .error : .complete, errorLine: nil,
                               output: t.status == "complete" ? t.output : [])
            return RunState(plan: plan, mode: mode, done: t.logs.count, callback: t.callback)
        }
        var plan = RunPlan.make(chain: agent.chain, variables: agent.fields.variables, input: [:], failure: sim?.fail,
                                responses: sim?.responses ?? [:])
        let done = min(t.logs.count, max(plan.steps.count - 1, 0))
        for i in 0..<done { plan.steps[i] = t.logs[i] }
        return RunState(plan: plan, mode: mode, done: done, callback: t.callback)
    }

    private static func array(_ v: JSONValue?, _ path: String) throws(AgentFieldError) -> [JSONValue] {
        guard let v, !v.isNull else { return [] }
        guard let a = v.arrayValue else { throw AgentFieldError("\(path) must be an array") }
        return a
    }

    private static func strings(_ v: JSONValue?, _ path: String) throws(AgentFieldError) -> [String] {
        var out: [String] = []
        for (i, e) in try array(v, path).enumerated() {
            guard let s = e.stringValue else { throw AgentFieldError("\(path)[\(i)] must be a string") }
            out.append(s)
        }
        return out
    }

    /// ISO-8601 text (what the API shows), or nil if absent.
    private static func date(_ v: JSONValue?, _ path: String) throws(AgentFieldError) -> Int64? {
        guard let v, !v.isNull else { return nil }
        guard let s = v.stringValue, let ms = CivilTime.parse(s) else { throw AgentFieldError("\(path) must be an ISO-8601 date-time") }
        return ms
    }
}
