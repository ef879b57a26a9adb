import JSON

/// A run's request body, validated against its agent.
struct RunRequest: Sendable {
    /// The flag in `input` that makes a run fail on purpose: `true`, a node name, or
    /// `{"node", "message"}`. Never part of the context.
    static let failFlag = "polytask.fail"

    var input: [String: String]
    var failure: RunPlan.Failure?
    var callback: String?
    var name: String?

    static func parse(_ o: [String: JSONValue], agent: AgentDefinition) -> Result<RunRequest, Refusal> {
        func bad(_ m: String) -> Result<RunRequest, Refusal> { .failure(Refusal(AgentTaskErrors.invalid(m))) }
        var input: [String: String] = [:]
        var failure: RunPlan.Failure?
        if let i = o["input"], !i.isNull {
            guard let io = i.objectValue else { return bad("input must be an object of the agent's inputs") }
            for (k, v) in io {
                if k == failFlag {
                    do { failure = try AgentSimulation.failure(v, context: "input.\(failFlag)") } catch { return bad(error.description) }
                    continue
                }
                if v.isNull { continue }
                guard let s = JSStringify.scalarText(v) else { return bad("input.\(k) must be a string, number or boolean") }
                input[k] = s
            }
        }
        let missing = agent.requiredInputs.filter { (input[$0] ?? "").isEmpty }
        if !missing.isEmpty { return .failure(Refusal(AgentTaskErrors.missingInputs(missing))) }
        var callback: String?
        if let cb = o["callback"], !cb.isNull {
            guard let s = cb.stringValue, RunCallback.isValid(s) else { return bad("callback must be an http or https URL") }
            callback = s
        }
        var name: String?
        if let n = o["name"], !n.isNull {
            guard let s = n.stringValue, !s.isEmpty else { return bad("name must be a non-empty string") }
            name = s
        }
        return .success(RunRequest(input: input, failure: failure, callback: callback, name: name))
    }
}
