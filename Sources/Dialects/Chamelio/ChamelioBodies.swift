import FastAPI
import JSON

/// The request models of the body-taking endpoints, validated as pydantic 2.13 validates them
/// under FastAPI (lax mode, `from_attributes`; unknown fields ignored), with every issue at its
/// `["body", ...]` location, fields in model order. The models follow the vendor's pages
/// (values are strings there):
///
/// - `VariableInput`: `variable_id: str`, `type: str`, `value: Optional[str] = None`,
///   `file_id: Optional[str] = None`, `base64_content: Optional[str] = None`,
///   `file_name: Optional[str] = None` (polytask's: the name of an uploaded file).
/// - initiate: `variables: List[VariableInput]`, `user: Optional[str]`, `metadata: Optional[Dict[str, Any]]`.
/// - initiate-flexible: `attributes: List[{key: str, value: str}]`,
///   `files: Optional[List[{filename: str, base64_content: str}]]`, `user`, `metadata`.
/// - approve: `approved: bool`, `comment: Optional[str]`, `variables: Optional[List[VariableInput]]`,
///   `user_email: Optional[str]`.
struct ChamelioVariableInput: Sendable, Equatable {
    var variableID: String
    var type: String
    var value: String?
    var fileID: String?
    var base64Content: String?
    var fileName: String?
}

struct ChamelioInitiateBody: Sendable, Equatable {
    var variables: [ChamelioVariableInput]
    var user: String?
    var metadata: JSONValue?
}

struct ChamelioFlexibleBody: Sendable, Equatable {
    struct Attribute: Sendable, Equatable { var key: String; var value: String }
    struct File: Sendable, Equatable { var filename: String; var base64Content: String }
    var attributes: [Attribute]
    var files: [File]
    var user: String?
    var metadata: JSONValue?
}

struct ChamelioApproveBody: Sendable, Equatable {
    var approved: Bool
    var comment: String?
    var variables: [ChamelioVariableInput]
    var userEmail: String?
}

enum ChamelioBodies {
    typealias Loc = ValidationIssue.Loc

    /// Collects issues at locations under `body`.
    private struct Issues {
        var list: [ValidationIssue] = []
        mutating func add(_ i: ValidationIssue, _ loc: [Loc]) { list.append(i.prefixed([.key("body")] + loc)) }
    }

    /// A model from the body: the issue for a body that is absent or not an object; else `read`
    /// takes the object's fields, collecting every issue, and the model stands only if there
    /// were none.
    private static func model<Model>(_ body: JSONValue?, _ read: ([String: JSONValue], inout Issues) -> Model) -> Validation<Model> {
        guard let body else { return .failure([FastAPIBody.missingBody]) }
        guard case .object(let o) = body else { return .failure([FastAPIBody.notAnObject(body)]) }
        var issues = Issues()
        let m = read(o, &issues)
        return issues.list.isEmpty ? .success(m) : .failure(issues.list)
    }

    static func initiate(_ body: JSONValue?) -> Validation<ChamelioInitiateBody> {
        model(body) { o, issues in
            let variables = list(o, "variables", required: true, whole: body ?? .null, &issues) { item, loc, issues in
                variableInput(item, loc, &issues)
            }
            let user = optionalString(o["user"], [.key("user")], &issues)
            let metadata = dict(o["metadata"], [.key("metadata")], &issues)
            return ChamelioInitiateBody(variables: variables, user: user, metadata: metadata)
        }
    }

    static func flexible(_ body: JSONValue?) -> Validation<ChamelioFlexibleBody> {
        model(body) { o, issues in
            let attributes = list(o, "attributes", required: true, whole: body ?? .null, &issues) { item, loc, issues -> ChamelioFlexibleBody.Attribute? in
                guard let f = fields(item, loc, &issues) else { return nil }
                let key = requiredString(f, "key", loc, &issues)
                let value = requiredString(f, "value", loc, &issues)
                guard let key, let value else { return nil }
                return ChamelioFlexibleBody.Attribute(key: key, value: value)
            }
            let files = list(o, "files", required: false, whole: body ?? .null, &issues) { item, loc, issues -> ChamelioFlexibleBody.File? in
                guard let f = fields(item, loc, &issues) else { return nil }
                let name = requiredString(f, "filename", loc, &issues)
                let content = requiredString(f, "base64_content", loc, &issues)
                guard let name, let content else { return nil }
                return ChamelioFlexibleBody.File(filename: name, base64Content: content)
            }
            let user = optionalString(o["user"], [.key("user")], &issues)
            let metadata = dict(o["metadata"], [.key("metadata")], &issues)
            return ChamelioFlexibleBody(attributes: attributes, files: files, user: user, metadata: metadata)
        }
    }

    static func approve(_ body: JSONValue?) -> Validation<ChamelioApproveBody> {
        model(body) { o, issues in
            var approved = false
            if let raw = o["approved"] {
                switch PydanticLax.bool(raw) {
                case .success(let b): approved = b
                case .failure(let i): issues.add(i, [.key("approved")])
                }
            } else {
                issues.add(PydanticLax.missing(body ?? .null), [.key("approved")])
            }
            let comment = optionalString(o["comment"], [.key("comment")], &issues)
            let variables = list(o, "variables", required: false, whole: body ?? .null, &issues) { item, loc, issues in
                variableInput(item, loc, &issues)
            }
            let user = optionalString(o["user_email"], [.key("user_email")], &issues)
            return ChamelioApproveBody(approved: approved, comment: comment, variables: variables, userEmail: user)
        }
    }

    // MARK: pieces

    private static func variableInput(_ item: JSONValue, _ loc: [Loc], _ issues: inout Issues) -> ChamelioVariableInput? {
        guard let f = fields(item, loc, &issues) else { return nil }
        let id = requiredString(f, "variable_id", loc, &issues)
        let type = requiredString(f, "type", loc, &issues)
        let value = optionalString(f["value"], loc + [.key("value")], &issues)
        let fileID = optionalString(f["file_id"], loc + [.key("file_id")], &issues)
        let content = optionalString(f["base64_content"], loc + [.key("base64_content")], &issues)
        let name = optionalString(f["file_name"], loc + [.key("file_name")], &issues)
        guard let id, let type else { return nil }
        return ChamelioVariableInput(variableID: id, type: type, value: value, fileID: fileID, base64Content: content, fileName: name)
    }

    /// A nested model's fields, or `model_attributes_type` for a non-object.
    private static func fields(_ item: JSONValue, _ loc: [Loc], _ issues: inout Issues) -> [String: JSONValue]? {
        guard case .object(let f) = item else {
            issues.add(PydanticLax.modelAttributesType(item), loc)
            return nil
        }
        return f
    }

    /// `List[Model]`; absent is `missing` when required (input: the whole object), else empty.
    private static func list<T>(_ o: [String: JSONValue], _ name: String, required: Bool, whole: JSONValue, _ issues: inout Issues,
                                _ item: (JSONValue, [Loc], inout Issues) -> T?) -> [T] {
        guard let raw = o[name], !(raw.isNull && !required) else {
            if required { issues.add(PydanticLax.missing(whole), [.key(name)]) }
            return []
        }
        guard case .array(let items) = raw else {
            issues.add(PydanticLax.listType(raw), [.key(name)])
            return []
        }
        var out: [T] = []
        for (i, v) in items.enumerated() {
            if let x = item(v, [.key(name), .index(i)], &issues) { out.append(x) }
        }
        return out
    }

    private static func requiredString(_ f: [String: JSONValue], _ name: String, _ loc: [Loc], _ issues: inout Issues) -> String? {
        guard let raw = f[name] else {
            issues.add(PydanticLax.missing(.object(f)), loc + [.key(name)])
            return nil
        }
        switch PydanticLax.string(raw) {
        case .success(let s): return s
        case .failure(let i): issues.add(i, loc + [.key(name)]); return nil
        }
    }

    private static func optionalString(_ v: JSONValue?, _ loc: [Loc], _ issues: inout Issues) -> String? {
        switch PydanticLax.optionalString(v) {
        case .success(let s): return s
        case .failure(let i): issues.add(i, loc); return nil
        }
    }

    /// `Optional[Dict[str, Any]]`.
    private static func dict(_ v: JSONValue?, _ loc: [Loc], _ issues: inout Issues) -> JSONValue? {
        guard let v, !v.isNull else { return nil }
        guard v.objectValue != nil else {
            issues.add(PydanticLax.dictType(v), loc)
            return nil
        }
        return v
    }
}
