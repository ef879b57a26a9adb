import JSBackend
import JSON
import Store

/// An agent: `{name, description?, variables, promptChain}`, owned by one user. Kept in the
/// store as a resource (kind `agent`) whose body is the agent exactly as the API shows it, so
/// reads and the `agent` embedded in tasks splice it without parsing.
///
/// Shape (docs/dialects/agent-task.md): `{"id","name","description","variables","promptChain",
/// "userId","createdAt"}`; `description` is null when unset (a Prisma optional column), and
/// `createdAt` is `Date.toISOString()` text.
struct AgentDefinition: Sendable, Equatable {
    static let kind = "agent"

    var id: String
    var userId: String
    var fields: AgentFields
    var createdAt: Int64

    var name: String { fields.name }
    var chain: [ChainNode] { fields.promptChain.compactMap(ChainNode.init) }

    /// The agent as the API shows it.
    var json: [UInt8] {
        var w = JSONWriter(capacity: 512, numberStyle: .javaScript)
        w.beginObject()
        w.key("id"); w.string(id)
        w.key("name"); w.string(fields.name)
        w.key("description"); if let d = fields.description { w.string(d) } else { w.null() }
        w.key("variables"); w.value(.object(fields.variables.mapValues(JSONValue.string)))
        w.key("promptChain"); w.value(.array(fields.promptChain))
        w.key("userId"); w.string(userId)
        w.key("createdAt"); w.string(JSDate.isoString(createdAt))
        w.endObject()
        return w.bytes
    }

    var record: ResourceRecord {
        ResourceRecord(dialect: AgentTaskDialect.dialectName, tenant: userId, kind: Self.kind, id: id,
                       bodyJSON: String(decoding: json, as: UTF8.self), createdAt: createdAt, updatedAt: createdAt)
    }

    static func key(user: String, id: String) -> ResourceKey {
        ResourceKey(dialect: AgentTaskDialect.dialectName, tenant: user, kind: kind, id: id)
    }

    /// Reads a stored agent back (write paths, the run's snapshot, export). Nil if the body is
    /// not an agent this dialect wrote.
    init?(record r: ResourceRecord) {
        guard let v = try? JSONParser.parse(r.bodyJSON, options: NodeJSON.options), case .success(let f) = AgentFields.parse(v) else { return nil }
        self.init(id: r.id, userId: r.tenant, fields: f, createdAt: r.createdAt)
    }

    init(id: String, userId: String, fields: AgentFields, createdAt: Int64) {
        self.id = id
        self.userId = userId
        self.fields = fields
        self.createdAt = createdAt
    }

    // MARK: inputs

    /// The inputs a run must be given, in order of first use: every template field a walked
    /// node reads before any earlier node produced it and that `variables` does not fill with
    /// a non-empty default, and every key the return node returns that nothing produces or
    /// declares. A variable declared as `""` is therefore an input the run must supply.
    var requiredInputs: [String] {
        var produced = Set<String>()
        var required: [String] = []
        func need(_ name: String) {
            if !produced.contains(name), (fields.variables[name] ?? "").isEmpty, !required.contains(name) {
                required.append(name)
            }
        }
        for node in ChainNode.walked(chain) {
            switch node.kind {
            case .prompt(let output):
                for (_, t) in node.templates { for f in Template.fields(t) { need(f) } }
                produced.insert(output)
            case .ret(let keys):
                for k in keys where !produced.contains(k) && fields.variables[k] == nil && !required.contains(k) {
                    required.append(k)
                }
            case .other:
                for (_, t) in node.templates { for f in Template.fields(t) { need(f) } }
            }
        }
        return required
    }

    /// `GET /api/v1/workflow/{agentId}`: the run's input as a JSON Schema object (every known
    /// input a string property, with the variable's value as its default; `required` in order).
    var schemaJSON: [UInt8] {
        let required = requiredInputs
        var names = fields.variables.keys.sorted()
        for r in required where fields.variables[r] == nil { names.append(r) }
        var w = JSONWriter(capacity: 256)
        w.beginObject()
        w.key("agentId"); w.string(id)
        w.key("name"); w.string(fields.name)
        w.key("input")
        w.beginObject()
        w.key("type"); w.string("object")
        w.key("properties")
        w.beginObject()
        for n in names {
            w.key(n)
            w.beginObject()
            w.key("type"); w.string("string")
            if let d = fields.variables[n], !d.isEmpty { w.key("default"); w.string(d) }
            w.endObject()
        }
        w.endObject()
        w.key("required")
        w.beginArray()
        for r in required { w.string(r) }
        w.endArray()
        w.endObject()
        w.endObject()
        return w.bytes
    }
}

/// An agent's fields as a client sends them (create, and update, which rewrites them all),
/// validated. Messages name the field (`promptChain[1].output`).
struct AgentFields: Sendable, Equatable {
    var name: String
    var description: String?
    var variables: [String: String]
    /// The nodes as sent (every member kept), each checked to be a node.
    var promptChain: [JSONValue]
    /// A client-chosen id (create and seeds only).
    var id: String?

    static func parse(_ body: JSONValue) -> Result<AgentFields, AgentFieldError> {
        guard let o = body.objectValue else { return .failure(AgentFieldError("The agent must be a JSON object")) }
        guard let name = o["name"]?.stringValue, !name.isEmpty else {
            return .failure(AgentFieldError("name is required: a non-empty string"))
        }
        var description: String?
        if let d = o["description"], !d.isNull {
            guard let s = d.stringValue else { return .failure(AgentFieldError("description must be a string")) }
            description = s
        }
        var variables: [String: String] = [:]
        if let v = o["variables"], !v.isNull {
            guard let vo = v.objectValue else { return .failure(AgentFieldError("variables must be an object of strings")) }
            for (k, value) in vo {
                guard let s = value.stringValue else {
                    return .failure(AgentFieldError("variables.\(k) must be a string, got \(value.typeName)"))
                }
                variables[k] = s
            }
        }
        guard let chain = o["promptChain"]?.arrayValue, !chain.isEmpty else {
            return .failure(AgentFieldError("promptChain is required: a non-empty array of nodes"))
        }
        for (i, n) in chain.enumerated() {
            if let e = checkNode(n, at: "promptChain[\(i)]") { return .failure(e) }
        }
        var id: String?
        if let v = o["id"], !v.isNull {
            guard let s = v.stringValue, ChosenID.isValid(s) else {
                return .failure(AgentFieldError("id must be \(ChosenID.rule)"))
            }
            id = s
        }
        return .success(AgentFields(name: name, description: description, variables: variables, promptChain: chain, id: id))
    }

    private static func checkNode(_ n: JSONValue, at path: String) -> AgentFieldError? {
        guard let o = n.objectValue else { return AgentFieldError("\(path) must be an object (a node)") }
        guard let type = o["type"]?.stringValue, !type.isEmpty else {
            return AgentFieldError("\(path).type is required: \"prompt\" or \"return\"")
        }
        guard let name = o["name"]?.stringValue, !name.isEmpty else {
            return AgentFieldError("\(path).name is required: a non-empty string")
        }
        switch type {
        case "prompt":
            guard let out = o["output"]?.stringValue, !out.isEmpty else {
                return AgentFieldError("\(path).output is required for a prompt node: the context key its result goes to")
            }
        case "return":
            guard ChainNode.returnKeys(o["output"]) != nil else {
                return AgentFieldError("\(path).output of a return node must be a context key or an array of keys")
            }
        default:
            break
        }
        return nil
    }
}

struct AgentFieldError: Error, Sendable, Equatable, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}
