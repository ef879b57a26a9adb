import Emulator
import JSON
import Store

/// polytask's settings for one agent's runs, set through the control plane
/// (`/_polytask/agentTask/users/{user}/agents/{agentId}/simulation`) or a seed's agent
/// `simulation` member; never shown by the vendor routes. Kept as a resource of its own kind
/// next to the agent, and deleted with it.
///
/// `{"lifecycle": "polls:3", "fail": {"node": "Sypnosis", "message": "..."}, "responses": {"<node name>": "text"}}`:
/// - `lifecycle`: the mode for new runs of this agent, over the user's and the dialect's;
/// - `fail`: every new run fails (at that node, with that message; `true` for the defaults);
/// - `responses`: canned completions of prompt nodes, by node name.
struct AgentSimulation: Sendable, Equatable {
    static let kind = "agentSimulation"

    var lifecycle: LifecycleMode?
    var fail: RunPlan.Failure?
    var responses: [String: String] = [:]

    var isEmpty: Bool { lifecycle == nil && fail == nil && responses.isEmpty }

    static func key(user: String, agentId: String) -> ResourceKey {
        ResourceKey(dialect: AgentTaskDialect.dialectName, tenant: user, kind: kind, id: agentId)
    }

    var json: JSONValue {
        var o: [String: JSONValue] = [:]
        if let lifecycle { o["lifecycle"] = .string(lifecycle.description) }
        if let fail {
            var f: [String: JSONValue] = [:]
            if let n = fail.node { f["node"] = .string(n) }
            if let m = fail.message { f["message"] = .string(m) }
            o["fail"] = .object(f)
        }
        if !responses.isEmpty { o["responses"] = .object(responses.mapValues(JSONValue.string)) }
        return .object(o)
    }

    func record(user: String, agentId: String, now: Int64) -> ResourceRecord {
        ResourceRecord(dialect: AgentTaskDialect.dialectName, tenant: user, kind: Self.kind, id: agentId,
                       bodyJSON: json.encodedString, createdAt: now, updatedAt: now)
    }

    init() {}

    /// Reads the settings; absent and null members are unset. `fail` is `true`, a node name,
    /// or `{"node"?, "message"?}`; `false` or null is no failure.
    init(json v: JSONValue, context: String = "simulation") throws(AgentFieldError) {
        guard let o = v.objectValue else { throw AgentFieldError("\(context) must be an object") }
        for k in o.keys where !["lifecycle", "fail", "responses"].contains(k) {
            throw AgentFieldError("\(context).\(k) is not a setting: use lifecycle, fail and responses")
        }
        if let l = o["lifecycle"], !l.isNull {
            do { lifecycle = try LifecycleMode(json: l) } catch { throw AgentFieldError("\(context).lifecycle: \(error.description)") }
        }
        fail = try Self.failure(o["fail"], context: "\(context).fail")
        if let r = o["responses"], !r.isNull {
            guard let ro = r.objectValue else { throw AgentFieldError("\(context).responses must be an object of strings by node name") }
            for (k, value) in ro {
                guard let s = value.stringValue else { throw AgentFieldError("\(context).responses.\(k) must be a string") }
                responses[k] = s
            }
        }
    }

    /// A failure setting (also the run input's `polytask.fail` flag): `true`, a node name,
    /// or `{"node"?, "message"?}`; nil for absent, null and `false`.
    static func failure(_ v: JSONValue?, context: String) throws(AgentFieldError) -> RunPlan.Failure? {
        guard let v, !v.isNull else { return nil }
        if let b = v.boolValue { return b ? RunPlan.Failure() : nil }
        if let s = v.stringValue { return RunPlan.Failure(node: s.isEmpty ? nil : s) }
        guard let o = v.objectValue else {
            throw AgentFieldError("\(context) must be true, a node name, or {\"node\", \"message\"}")
        }
        let node = o["node"]?.stringValue
        let message = o["message"]?.stringValue
        if (o["node"] != nil && !(o["node"]?.isNull ?? true) && node == nil)
            || (o["message"] != nil && !(o["message"]?.isNull ?? true) && message == nil) {
            throw AgentFieldError("\(context).node and \(context).message must be strings")
        }
        return RunPlan.Failure(node: node, message: message)
    }
}
