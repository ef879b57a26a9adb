import JSON

/// An initiate request checked against the workflow definition: the typed values, the files to
/// store and the files to reference, in the definition's variable order. Problems are collected
/// into one 400 `{"detail": "..."}` (the vendor documents no error body for these; a FastAPI app
/// raises `HTTPException(400, ...)`), in this order: unknown or repeated variables, type
/// mismatches, invalid values and files, then missing required variables.
struct ChamelioInitiation: Sendable, Equatable {
    enum Source: Sendable, Equatable {
        case value(JSONValue)
        /// Content to store as a new `attachment_<n>`.
        case upload(name: String, data: [UInt8])
        /// A file the organisation already has (checked in the write).
        case file(id: String)
    }

    struct Entry: Sendable, Equatable {
        var def: ChamelioVariableDef
        var source: Source
    }

    var entries: [Entry]
    var user: String?
    var metadata: JSONValue?

    /// `POST .../initiate`: variables by exact id, each with the definition's type.
    static func standard(_ body: ChamelioInitiateBody, _ wf: ChamelioWorkflow) -> Result<ChamelioInitiation, ChamelioValueError> {
        var problems: [String] = []
        var given: [String: Source] = [:]
        var invalid = Set<String>()
        for v in body.variables {
            guard let def = wf.variable(v.variableID) else { problems.append("Unknown variable: \(v.variableID)"); continue }
            guard given[def.id] == nil else { problems.append("Variable '\(def.id)' is given more than once"); continue }
            guard v.type == def.type else {
                problems.append("Variable '\(def.id)' has type '\(v.type)'; the workflow defines it as '\(def.type)'")
                invalid.insert(def.id)
                continue
            }
            if def.type == "file" {
                switch fileSource(def, fileID: v.fileID, base64: v.base64Content, name: v.fileName ?? v.value) {
                case .success(let s?): given[def.id] = s
                case .success(nil): break
                case .failure(let e): problems.append(e.message); invalid.insert(def.id)
                }
                continue
            }
            // An empty value is no value (a required variable is then missing).
            guard let raw = v.value, !raw.isEmpty else { continue }
            switch ChamelioValues.convert(raw, for: def) {
            case .success(let value): given[def.id] = .value(value)
            case .failure(let e): problems.append(e.message); invalid.insert(def.id)
            }
        }
        return finish(wf, given, problems, invalid: invalid, user: body.user, metadata: body.metadata)
    }

    /// `POST .../initiate-flexible`: each attribute goes to the variable whose id is its key,
    /// else whose name is its key ignoring case, else whose normalised id or name (lower case,
    /// spaces, `_` and `-` removed) is its normalised key; a later attribute for the same
    /// variable wins; attributes that match nothing are ignored. Values are converted by the
    /// variable's type. `files` go, in order, to the file variables not set by an attribute.
    static func flexible(_ body: ChamelioFlexibleBody, _ wf: ChamelioWorkflow) -> Result<ChamelioInitiation, ChamelioValueError> {
        var problems: [String] = []
        var given: [String: Source] = [:]
        var invalid = Set<String>()
        for a in body.attributes {
            guard let def = match(a.key, wf.variables) else { continue }
            if def.type == "file" {
                switch fileSource(def, fileID: a.value, base64: nil, name: nil) {
                case .success(let s?): given[def.id] = s
                case .success(nil): break
                case .failure(let e): problems.append(e.message); invalid.insert(def.id)
                }
                continue
            }
            guard !a.value.isEmpty else { continue }
            switch ChamelioValues.convert(a.value, for: def) {
            case .success(let value): given[def.id] = .value(value)
            case .failure(let e): problems.append(e.message); invalid.insert(def.id)
            }
        }
        var fileVariables = wf.variables.filter { $0.type == "file" && given[$0.id] == nil }[...]
        for f in body.files {
            guard let def = fileVariables.popFirst() else { break }
            switch fileSource(def, fileID: nil, base64: f.base64Content, name: f.filename) {
            case .success(let s?): given[def.id] = s
            case .success(nil): break
            case .failure(let e): problems.append(e.message); invalid.insert(def.id)
            }
        }
        return finish(wf, given, problems, invalid: invalid, user: body.user, metadata: body.metadata)
    }

    /// The variable an attribute key names, by the three rules in turn.
    static func match(_ key: String, _ variables: [ChamelioVariableDef]) -> ChamelioVariableDef? {
        if let v = variables.first(where: { $0.id == key }) { return v }
        let lower = key.lowercased()
        if let v = variables.first(where: { $0.name.lowercased() == lower }) { return v }
        let n = normalized(key)
        guard !n.isEmpty else { return nil }
        return variables.first { normalized($0.id) == n || normalized($0.name) == n }
    }

    static func normalized(_ s: String) -> String {
        String(s.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" })
    }

    /// A file variable's source: an existing `file_id`, or base64 content (with a name whose
    /// extension the definition allows). Nil when neither is given.
    private static func fileSource(_ def: ChamelioVariableDef, fileID: String?, base64: String?,
                                   name: String?) -> Result<Source?, ChamelioValueError> {
        if let base64 {
            guard let data = Base64.decode(base64) else { return .failure(ChamelioValueError("Invalid base64 content for variable '\(def.id)'")) }
            let fileName = (name?.isEmpty == false ? name : nil) ?? "\(def.id).bin"
            if let allowed = def.allowedExtensions, !allowed.isEmpty, !ChamelioValues.extensionAllowed(fileName, allowed) {
                return .failure(ChamelioValueError("File type not allowed for variable '\(def.id)': \(fileName) (allowed: \(allowed.joined(separator: ", ")))"))
            }
            return .success(.upload(name: fileName, data: data))
        }
        if let fileID, !fileID.isEmpty {
            guard ChamelioFiles.isValidID(fileID) else { return .failure(ChamelioValueError("Invalid file ID format: \(fileID)")) }
            return .success(.file(id: fileID))
        }
        return .success(nil)
    }

    /// `invalid`: variables already reported, which are not reported missing as well.
    private static func finish(_ wf: ChamelioWorkflow, _ given: [String: Source], _ problems: [String], invalid: Set<String>,
                               user: String?, metadata: JSONValue?) -> Result<ChamelioInitiation, ChamelioValueError> {
        var problems = problems
        for def in wf.variables where def.required && given[def.id] == nil && !invalid.contains(def.id) {
            problems.append("Missing required variable: \(def.id)")
        }
        guard problems.isEmpty else { return .failure(ChamelioValueError(problems.joined(separator: "; "))) }
        let entries = wf.variables.compactMap { def in given[def.id].map { Entry(def: def, source: $0) } }
        return .success(ChamelioInitiation(entries: entries, user: user, metadata: metadata))
    }
}
