import JSON

/// One node of an agent's `promptChain`, as the simulator reads it. The stored node keeps
/// every field the client sent; this is what a run needs from it.
///
/// The engine knows `prompt` nodes (an LLM call whose text lands in the context under
/// `output`) and `return` nodes (end the run; `output` lists the context keys to return).
/// The design doc's experimental `parser` and `event` nodes, and any other type, are walked
/// (logged as running) but change nothing, as the engine that handles only prompt and return
/// nodes does.
struct ChainNode: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case prompt(output: String)
        case ret(keys: [String])
        case other(String)
    }

    var name: String
    var kind: Kind
    /// The node's template strings (every string member but `type`, `name`, `output`, `llm`),
    /// by member name: what a prompt node renders and what its fields are read from.
    var templates: [(String, String)]

    static func == (a: ChainNode, b: ChainNode) -> Bool {
        a.name == b.name && a.kind == b.kind && a.templates.elementsEqual(b.templates, by: { $0 == $1 })
    }

    /// Reads a node that `AgentFields` has validated; nil for a value that is not a node.
    init?(_ v: JSONValue) {
        guard let o = v.objectValue, let type = o["type"]?.stringValue, let name = o["name"]?.stringValue else { return nil }
        self.name = name
        switch type {
        case "prompt":
            guard let out = o["output"]?.stringValue else { return nil }
            kind = .prompt(output: out)
        case "return":
            kind = .ret(keys: Self.returnKeys(o["output"]) ?? [])
        default:
            kind = .other(type)
        }
        var t: [(String, String)] = []
        for k in o.keys.sorted() where !["type", "name", "output", "llm"].contains(k) {
            if let s = o[k]?.stringValue { t.append((k, s)) }
        }
        templates = t
    }

    /// A return node's `output`: one key (the design doc's example, `"output": "context"`) or a
    /// list of keys (its data model, `Array<String>`). Nil if it is neither.
    static func returnKeys(_ v: JSONValue?) -> [String]? {
        guard let v else { return [] }
        if let s = v.stringValue { return [s] }
        guard let a = v.arrayValue else { return nil }
        var out: [String] = []
        for e in a {
            guard let s = e.stringValue else { return nil }
            out.append(s)
        }
        return out
    }

    var template: [String: String] { Dictionary(templates, uniquingKeysWith: { a, _ in a }) }

    var isReturn: Bool { if case .ret = kind { return true } else { return false } }

    /// The nodes a run walks: up to and including the first return node (the engine returns
    /// there; nodes after it never run).
    static func walked(_ chain: [ChainNode]) -> ArraySlice<ChainNode> {
        guard let r = chain.firstIndex(where: \.isReturn) else { return chain[...] }
        return chain[...r]
    }
}
