import Emulator
import JSON

/// A refusal of a seed or control-route input (a workflow definition, a key, a webhook), with
/// the place it names.
struct ChamelioInputError: Error, Sendable, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

/// The kinds of workflow steps. Automatic steps complete under the lifecycle modes; human
/// steps stop the task in `pending` until someone acts (approve, or the control plane's
/// `advance` standing in for the vendor's UI).
enum ChamelioStepType: String, Sendable, CaseIterable {
    case intake, agent, approval, review, signature

    var isHuman: Bool {
        switch self {
        case .intake, .agent: return false
        case .approval, .review, .signature: return true
        }
    }

    /// Steps that generate a document when they complete (an AI review memo, the signed
    /// document); the others answer 501 "Document not available for this step".
    var producesDocument: Bool { self == .agent || self == .signature }

    /// `previous_step.outcome` of a step_change event when the step ends well.
    var completedOutcome: String {
        switch self {
        case .intake, .review: return "submitted"
        case .agent: return "completed"
        case .approval: return "approved"
        case .signature: return "signed"
        }
    }
}

/// One variable of a workflow definition.
struct ChamelioVariableDef: Sendable, Equatable {
    static let types = ["text", "number", "boolean", "date", "email", "file", "select", "multi_select", "user_entity",
                        "business", "dynamic_list", "dynamic_table", "number_with_currency", "conversation"]

    var id: String
    var name: String
    var type: String
    var required: Bool
    var description: String?
    /// The vendor's `validation` object, as given (`allowed_extensions` for files, `options` for
    /// selects, `min`/`max` for numbers are checked).
    var validation: JSONValue?

    var options: [String]? { validation?["options"]?.arrayValue?.compactMap(\.stringValue) }
    var allowedExtensions: [String]? { validation?["allowed_extensions"]?.arrayValue?.compactMap(\.stringValue) }
}

/// A value an automatic step sets when it completes (an agent's finding).
struct ChamelioStepOutput: Sendable, Equatable {
    var variableID: String
    var type: String
    var value: JSONValue
}

/// One step of a workflow definition.
struct ChamelioStepDef: Sendable, Equatable {
    var id: String
    var name: String
    var type: ChamelioStepType
    var description: String?
    /// Who a human step is assigned to: an email, `{variable_id}` (an email variable of the
    /// task) or `{owner_email}`. Nil: nobody in particular.
    var assignee: String?
    /// What a rejection at this approval step does: nil or `fail` (the task fails), or the id of
    /// the step the workflow goes back to.
    var onReject: String?
    var outputs: [ChamelioStepOutput]
}

/// A workflow definition, one version of it.
struct ChamelioWorkflow: Sendable, Equatable {
    var workflowID: String
    var name: String
    var version: Int64
    var description: String?
    var isActive: Bool
    /// `task_title` of new tasks, with `{variable_id}` and `{workflow_name}` filled in. Nil: the
    /// workflow name.
    var titleTemplate: String?
    /// `collaborator_emails` of new tasks (emails or `{variable_id}`).
    var collaborators: [String]
    var variables: [ChamelioVariableDef]
    var steps: [ChamelioStepDef]
    var publishedBy: String?
    var changelog: String?

    func variable(_ id: String) -> ChamelioVariableDef? { variables.first { $0.id == id } }
    func step(_ id: String) -> ChamelioStepDef? { steps.first { $0.id == id } }

    // MARK: JSON (seeds, control routes, storage)

    /// Reads a definition; `version` may be absent (the caller numbers it). `place` prefixes messages.
    static func parse(_ v: JSONValue, place: String, defaultVersion: Int64? = nil) throws(ChamelioInputError) -> ChamelioWorkflow {
        guard case .object(let o) = v else { throw ChamelioInputError("\(place): a workflow definition is an object, not \(v.typeName)") }
        let id = try identifier(o["workflow_id"], "\(place).workflow_id")
        let name = try string(o["workflow_name"], "\(place).workflow_name") ?? id
        var version = defaultVersion ?? 1
        if let raw = o["version"], !raw.isNull {
            guard let n = raw.intValue, n >= 1 else { throw ChamelioInputError("\(place).version: a positive integer") }
            version = n
        }
        var wf = ChamelioWorkflow(workflowID: id, name: name, version: version,
                                  description: try string(o["description"], "\(place).description"),
                                  isActive: try bool(o["is_active"], "\(place).is_active") ?? true,
                                  titleTemplate: try string(o["title_template"], "\(place).title_template"),
                                  collaborators: try strings(o["collaborators"], "\(place).collaborators"),
                                  variables: [], steps: [],
                                  publishedBy: try string(o["published_by"], "\(place).published_by"),
                                  changelog: try string(o["changelog"], "\(place).changelog"))
        guard let vars = (o["variables"] ?? .array([])).arrayValue else { throw ChamelioInputError("\(place).variables: a list") }
        for (i, item) in vars.enumerated() {
            let at = "\(place).variables[\(i)]"
            guard case .object(let vo) = item else { throw ChamelioInputError("\(at): an object") }
            let vid = try identifier(vo["variable_id"], "\(at).variable_id")
            guard wf.variable(vid) == nil else { throw ChamelioInputError("\(at).variable_id: '\(vid)' appears twice") }
            let type = try string(vo["type"], "\(at).type") ?? "text"
            guard ChamelioVariableDef.types.contains(type) else {
                throw ChamelioInputError("\(at).type: '\(type)' is not one of \(ChamelioVariableDef.types.joined(separator: ", "))")
            }
            let validation = vo["validation"].flatMap { $0.isNull ? nil : $0 }
            if let validation, validation.objectValue == nil { throw ChamelioInputError("\(at).validation: an object") }
            wf.variables.append(ChamelioVariableDef(id: vid, name: try string(vo["variable_name"], "\(at).variable_name") ?? vid,
                                                    type: type, required: try bool(vo["required"], "\(at).required") ?? false,
                                                    description: try string(vo["description"], "\(at).description"),
                                                    validation: validation))
        }
        guard let steps = o["steps"]?.arrayValue, !steps.isEmpty else { throw ChamelioInputError("\(place).steps: a non-empty list") }
        for (i, item) in steps.enumerated() {
            let at = "\(place).steps[\(i)]"
            guard case .object(let so) = item else { throw ChamelioInputError("\(at): an object") }
            let sid = try identifier(so["step_id"], "\(at).step_id")
            guard wf.step(sid) == nil else { throw ChamelioInputError("\(at).step_id: '\(sid)' appears twice") }
            let rawType = try string(so["step_type"], "\(at).step_type") ?? ""
            guard let type = ChamelioStepType(rawValue: rawType) else {
                throw ChamelioInputError("\(at).step_type: '\(rawType)' is not one of intake, agent, approval, review, signature")
            }
            var outputs: [ChamelioStepOutput] = []
            for (k, out) in ((so["outputs"] ?? .array([])).arrayValue ?? []).enumerated() {
                outputs.append(ChamelioStepOutput(variableID: try identifier(out["variable_id"], "\(at).outputs[\(k)].variable_id"),
                                                  type: try string(out["type"], "\(at).outputs[\(k)].type") ?? "text",
                                                  value: out["value"] ?? .null))
            }
            wf.steps.append(ChamelioStepDef(id: sid, name: try string(so["step_name"], "\(at).step_name") ?? sid, type: type,
                                            description: try string(so["description"], "\(at).description"),
                                            assignee: try string(so["assignee"], "\(at).assignee"),
                                            onReject: try string(so["on_reject"], "\(at).on_reject"), outputs: outputs))
        }
        for (i, s) in wf.steps.enumerated() {
            if let r = s.onReject, r != "fail", wf.step(r) == nil {
                throw ChamelioInputError("\(place).steps[\(i)].on_reject: 'fail' or the id of a step of this workflow, not '\(r)'")
            }
        }
        return wf
    }

    /// The stored form: what `parse` reads back (every field, so a round trip is exact).
    var json: JSONValue {
        var o: [String: JSONValue] = [
            "workflow_id": .string(workflowID), "workflow_name": .string(name), "version": .int(version),
            "is_active": .bool(isActive), "collaborators": .array(collaborators.map(JSONValue.string)),
            "variables": .array(variables.map { v in
                var vo: [String: JSONValue] = ["variable_id": .string(v.id), "variable_name": .string(v.name), "type": .string(v.type),
                                               "required": .bool(v.required)]
                if let d = v.description { vo["description"] = .string(d) }
                if let val = v.validation { vo["validation"] = val }
                return .object(vo)
            }),
            "steps": .array(steps.map { s in
                var so: [String: JSONValue] = ["step_id": .string(s.id), "step_name": .string(s.name), "step_type": .string(s.type.rawValue)]
                if let d = s.description { so["description"] = .string(d) }
                if let a = s.assignee { so["assignee"] = .string(a) }
                if let r = s.onReject { so["on_reject"] = .string(r) }
                if !s.outputs.isEmpty {
                    so["outputs"] = .array(s.outputs.map { ["variable_id": .string($0.variableID), "type": .string($0.type), "value": $0.value] })
                }
                return .object(so)
            }),
        ]
        if let d = description { o["description"] = .string(d) }
        if let t = titleTemplate { o["title_template"] = .string(t) }
        if let p = publishedBy { o["published_by"] = .string(p) }
        if let c = changelog { o["changelog"] = .string(c) }
        return .object(o)
    }

    // MARK: field readers

    /// Ids appear in paths and events: 1 to 128 letters, digits, `_`, `-` or `.`.
    static func identifier(_ v: JSONValue?, _ place: String) throws(ChamelioInputError) -> String {
        guard let s = v?.stringValue, isIdentifier(s) else {
            throw ChamelioInputError("\(place): 1 to 128 letters, digits, '_', '-' or '.'")
        }
        return s
    }

    static func isIdentifier(_ s: String) -> Bool { identifierCharacters.isValid(s) }
    private static let identifierCharacters = PlainIdentifier(punctuation: "_-.")

    static func string(_ v: JSONValue?, _ place: String) throws(ChamelioInputError) -> String? {
        guard let v, !v.isNull else { return nil }
        guard let s = v.stringValue else { throw ChamelioInputError("\(place): a string, not \(v.typeName)") }
        return s
    }

    static func bool(_ v: JSONValue?, _ place: String) throws(ChamelioInputError) -> Bool? {
        guard let v, !v.isNull else { return nil }
        guard let b = v.boolValue else { throw ChamelioInputError("\(place): true or false, not \(v.typeName)") }
        return b
    }

    static func strings(_ v: JSONValue?, _ place: String) throws(ChamelioInputError) -> [String] {
        guard let v, !v.isNull else { return [] }
        guard let a = v.arrayValue, a.allSatisfy({ $0.stringValue != nil }) else { throw ChamelioInputError("\(place): a list of strings") }
        return a.compactMap(\.stringValue)
    }
}
