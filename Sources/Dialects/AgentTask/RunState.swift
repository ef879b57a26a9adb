import Emulator
import JSON

/// Where a run stands: its plan, how many of its steps have happened, and what moves it (the
/// lifecycle mode fixed when it started, the polls seen). Everything a read shows follows from
/// it, and it is what the store keeps in the task's detail JSON (and an export's `simulate`).
///
/// A step is one node: after `done` steps the log shows the first `done` running lines and
/// the status is `running`; after the last step the run has ended (`complete` or `error`),
/// with its output (or error line).
struct RunState: Sendable, Equatable {
    var plan: RunPlan
    var mode: LifecycleMode
    var done: Int
    var polls: Int
    /// The client's callback URL (also shown in the task), kept here so that a step can
    /// rebuild the shown fields from the state alone.
    var callback: String?

    var stepCount: Int { plan.steps.count }
    var finished: Bool { done >= stepCount }

    var status: String { finished ? plan.outcome.rawValue : "running" }

    var logs: [String] {
        guard finished else { return Array(plan.steps.prefix(max(0, done))) }
        return plan.steps + (plan.errorLine.map { [$0] } ?? [])
    }

    var output: [RunPlan.Entry] { finished && plan.outcome == .complete ? plan.output : [] }

    // MARK: stored form

    /// `{"mode","done","polls","callback","plan":{"steps","outcome","errorLine","output":[[k,v],...]}}`.
    var json: JSONValue {
        var plan: [String: JSONValue] = [
            "steps": .array(self.plan.steps.map(JSONValue.string)),
            "outcome": .string(self.plan.outcome.rawValue),
            "output": .array(self.plan.output.map { .array([.string($0.key), .string($0.value)]) }),
        ]
        if let e = self.plan.errorLine { plan["errorLine"] = .string(e) }
        var o: [String: JSONValue] = ["mode": .string(mode.description), "done": .int(Int64(done)),
                                      "polls": .int(Int64(polls)), "plan": .object(plan)]
        if let callback { o["callback"] = .string(callback) }
        return .object(o)
    }

    var jsonText: String { json.encodedString }

    /// Reads the stored form (and an export's `simulate`); throws a message naming the field.
    init(json v: JSONValue, context: String = "simulate") throws(AgentFieldError) {
        guard let o = v.objectValue else { throw AgentFieldError("\(context) must be an object") }
        guard let p = o["plan"]?.objectValue, let stepsV = p["steps"]?.arrayValue else {
            throw AgentFieldError("\(context).plan.steps must be an array of log lines")
        }
        var steps: [String] = []
        for s in stepsV {
            guard let t = s.stringValue else { throw AgentFieldError("\(context).plan.steps must hold strings") }
            steps.append(t)
        }
        guard let oc = p["outcome"]?.stringValue, let outcome = RunPlan.Outcome(rawValue: oc) else {
            throw AgentFieldError("\(context).plan.outcome must be \"complete\" or \"error\"")
        }
        var output: [RunPlan.Entry] = []
        for e in p["output"]?.arrayValue ?? [] {
            guard let pair = e.arrayValue, pair.count == 2, let k = pair[0].stringValue, let val = pair[1].stringValue else {
                throw AgentFieldError("\(context).plan.output must be [[key, value], ...] strings")
            }
            output.append(RunPlan.Entry(key: k, value: val))
        }
        let errorLine = p["errorLine"]?.stringValue
        let mode: LifecycleMode
        if let m = o["mode"] {
            do { mode = try LifecycleMode(json: m) } catch { throw AgentFieldError("\(context).mode: \(error.description)") }
        } else {
            mode = .manual
        }
        guard let done = (o["done"] ?? .int(0)).intValue, done >= 0, let polls = (o["polls"] ?? .int(0)).intValue, polls >= 0 else {
            throw AgentFieldError("\(context).done and \(context).polls must be integers >= 0")
        }
        var callback: String?
        if let c = o["callback"], !c.isNull {
            guard let s = c.stringValue else { throw AgentFieldError("\(context).callback must be a string") }
            callback = s
        }
        self.init(plan: RunPlan(steps: steps, outcome: outcome, errorLine: errorLine, output: output), mode: mode,
                  done: Int(min(done, Int64(steps.count))), polls: Int(min(polls, Int64(Int32.max))), callback: callback)
    }

    init(plan: RunPlan, mode: LifecycleMode, done: Int = 0, polls: Int = 0, callback: String?) {
        self.plan = plan
        self.mode = mode
        self.done = done
        self.polls = polls
        self.callback = callback
    }
}
