/// What a run will do, worked out when it starts: the engine's walk of the agent's
/// promptChain, made deterministic. The lifecycle then only decides how much of it a read
/// shows (`RunState`).
///
/// The walk (the engine's `run_workflow`): the context starts as the agent's variables with
/// the run's input over them; for each node up to and including the first return node, the
/// log gets `"<node name>: Running"`; a prompt node puts its (simulated) completion in the
/// context under its `output`; the return node ends the run with `output` = those context
/// keys and their values. A chain without a return node completes with `{}`. A run told to
/// fail stops at its failing node with `"<node name>: Error: <message>"` after that node's
/// running line, status `error` and output `{}`.
struct RunPlan: Sendable, Equatable {
    enum Outcome: String, Sendable, Equatable {
        case complete
        case error
    }

    struct Entry: Sendable, Equatable {
        var key: String
        var value: String
    }

    /// How a run is made to fail (the `polytask.fail` input flag, or the agent's simulation
    /// setting): at the walked node with this name (the first prompt node if nil or unknown,
    /// else the first node), with this message.
    struct Failure: Sendable, Equatable {
        var node: String?
        var message: String?

        static let defaultMessage = "Simulated failure"
    }

    /// One `"<node name>: Running"` line per node the run reaches.
    var steps: [String]
    var outcome: Outcome
    /// The last log line of a failed run.
    var errorLine: String?
    /// The return node's keys and values, in its order (empty unless complete).
    var output: [Entry]

    /// Works out the run. `responses`: canned completions by node name (the agent's
    /// simulation setting); other prompt nodes answer `"[<node name>] <user template rendered>"`.
    static func make(chain: [ChainNode], variables: [String: String], input: [String: String],
                     failure: Failure?, responses: [String: String] = [:]) -> RunPlan {
        let walked = Array(ChainNode.walked(chain))
        var context = variables
        for (k, v) in input { context[k] = v }
        var failAt: Int?
        if let failure {
            failAt = failure.node.flatMap { n in walked.firstIndex { $0.name == n } }
                ?? walked.firstIndex { if case .prompt = $0.kind { return true } else { return false } }
                ?? 0
        }
        var steps: [String] = []
        for (i, node) in walked.enumerated() {
            steps.append("\(node.name): Running")
            if i == failAt {
                let message = failure?.message ?? Failure.defaultMessage
                return RunPlan(steps: steps, outcome: .error, errorLine: "\(node.name): Error: \(message)", output: [])
            }
            switch node.kind {
            case .prompt(let output):
                context[output] = responses[node.name] ?? completion(node, context)
            case .ret(let keys):
                var out: [Entry] = []
                for k in keys where !out.contains(where: { $0.key == k }) {
                    // Inputs are checked before a run starts, so a key is only missing from a
                    // seeded run; it is left out rather than invented.
                    if let v = context[k] { out.append(Entry(key: k, value: v)) }
                }
                return RunPlan(steps: steps, outcome: .complete, errorLine: nil, output: out)
            case .other:
                break
            }
        }
        return RunPlan(steps: steps, outcome: .complete, errorLine: nil, output: [])
    }

    /// A prompt node's simulated completion: its `user` prompt (else its `system` prompt)
    /// rendered against the context, after the node's name, so a client sees which node
    /// produced what and that its inputs reached the prompts.
    static func completion(_ node: ChainNode, _ context: [String: String]) -> String {
        let t = node.template
        guard let text = t["user"] ?? t["system"] else { return "[\(node.name)] completed" }
        return "[\(node.name)] " + Template.render(text, context)
    }
}
