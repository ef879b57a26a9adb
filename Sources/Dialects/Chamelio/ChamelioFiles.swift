import Digest
import Emulator
import JSON
import Store

/// Files: their ids, their store resources, and the documents steps produce.
///
/// A file is a resource of its organisation (kind `file`, id = `file_id`) whose `data` is the
/// content and whose body is `{file_id, file_name, content_type, variable_id, step_id, task_id,
/// created_at}`. Ids are `attachment_<n>` for files uploaded with a variable and `document_<n>`
/// for documents a step produced (the vendor's two forms), `n` from the store counter `file`,
/// so ids increase per store.
enum ChamelioFiles {
    static let kind = "file"
    static let counter = "file"

    /// `attachment_<digits>` or `document_<digits>`: anything else is 400 "Invalid file ID format".
    static func isValidID(_ id: String) -> Bool {
        for prefix in ["attachment_", "document_"] where id.hasPrefix(prefix) {
            let digits = id.utf8.dropFirst(prefix.utf8.count)
            return !digits.isEmpty && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
        return false
    }

    static func key(_ organization: String, _ fileID: String) -> ResourceKey {
        ResourceKey(dialect: ChamelioDialect.dialectName, tenant: organization, kind: kind, id: fileID)
    }

    /// Stores a new file in `tx` and returns its reference.
    static func store(_ tx: WriteTransaction, organization: String, taskID: Int64, document: Bool, name: String,
                      contentType: String?, variableID: String?, stepID: String?, data: [UInt8],
                      createdAt: Int64? = nil) throws(StoreError) -> ChamelioFileRef {
        let n = try tx.nextSequence(dialect: ChamelioDialect.dialectName, name: counter)
        let ref = ChamelioFileRef(fileID: (document ? "document_" : "attachment_") + String(n), fileName: name,
                                  contentType: contentType ?? Self.contentType(forName: name), variableID: variableID,
                                  stepID: stepID, createdAt: createdAt ?? tx.now)
        try tx.putResource(record(organization, ref, taskID: taskID, data: data))
        return ref
    }

    static func record(_ organization: String, _ ref: ChamelioFileRef, taskID: Int64?, data: [UInt8]) -> ResourceRecord {
        var body = ref.json.objectValue ?? [:]
        if let taskID { body["task_id"] = .int(taskID) }
        return ResourceRecord(dialect: ChamelioDialect.dialectName, tenant: organization, kind: kind, id: ref.fileID,
                              bodyJSON: JSONValue.object(body).encodedString, data: data, createdAt: ref.createdAt)
    }

    static func ref(_ r: ResourceRecord) -> ChamelioFileRef? {
        guard let body = try? JSONParser.parse(r.bodyJSON) else { return nil }
        return ChamelioFileRef(json: body)
    }

    /// The MIME type of a file name's extension (the common document and image types), else
    /// `application/octet-stream`.
    static func contentType(forName name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return "application/octet-stream" }
        switch name[name.index(after: dot)...].lowercased() {
        case "pdf": return "application/pdf"
        case "doc": return "application/msword"
        case "docx": return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "xlsx": return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case "txt": return "text/plain"
        case "csv": return "text/csv"
        case "json": return "application/json"
        case "html", "htm": return "text/html"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        default: return "application/octet-stream"
        }
    }

    /// The document a step produces when it completes: a short text record of what the step
    /// did (an agent's review memo, the signature record). Plain text, named for what it is.
    static func document(for t: ChamelioTask, step: ChamelioStepDef, at: Int64) -> (name: String, data: [UInt8]) {
        let subject = t.title ?? t.workflow.name
        var lines: [String] = []
        let name: String
        switch step.type {
        case .signature:
            name = "\(subject) - signed.txt"
            lines.append("Signed: \(subject)")
            lines.append("Signer: \(t.assigneeEmail ?? t.ownerEmail ?? "unknown")")
        default:
            name = "\(step.name) - task \(t.taskID).txt"
            lines.append("\(step.name): \(subject)")
            for out in step.outputs { lines.append("\(out.variableID): \(out.value.stringValue ?? out.value.encodedString)") }
        }
        lines.append("Workflow: \(t.workflow.name) (\(t.workflow.workflowID) v\(t.workflow.version))")
        lines.append("Task: \(t.taskID)")
        lines.append("Step: \(step.name) (\(step.id))")
        lines.append("Date: \(ChamelioTime.text(at))")
        for v in t.variables { lines.append("\(v.variableID): \(v.value.stringValue ?? v.value.encodedString)") }
        return (name, Array((lines.joined(separator: "\n") + "\n").utf8))
    }
}

/// Presigned download URLs: `download_url` points at
/// `/_polytask/chamelio/downloads/<organisation>/<file_id>?expires=<unix ms>&signature=<hex>`,
/// a polytask route (outside the control plane's admin check, like a presigned S3 URL) that
/// serves the content until `expires`. The signature is an HMAC-SHA256 over organisation, file
/// id and expiry with a key drawn at start (`Randomness`), so a URL cannot be altered or
/// extended; URLs from before a restart stop working, as expired ones would.
struct ChamelioDownloads: Sendable {
    static let path = "/_polytask/chamelio/downloads"

    private let key: [UInt8]
    let ttlMillis: Int64
    let publicURL: String

    init(ttlMillis: Int64, publicURL: String) {
        key = Randomness.shared.bytes(32)
        self.ttlMillis = ttlMillis
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
    }

    func signature(_ organization: String, _ fileID: String, expires: Int64) -> String {
        Hex.encode(HMACSHA256.authenticationCode(for: Array("\(organization)\n\(fileID)\n\(expires)".utf8), key: key))
    }

    /// The URL for a file, valid until `expires`. `host`: the request's Host header, used when
    /// no public URL is configured.
    func url(_ organization: String, _ fileID: String, expires: Int64, host: String?) -> String {
        let base = publicURL.isEmpty ? "http://" + (host ?? "127.0.0.1") : publicURL
        return "\(base)\(Self.path)/\(organization)/\(fileID)?expires=\(expires)&signature=\(signature(organization, fileID, expires: expires))"
    }

    func verify(_ organization: String, _ fileID: String, expires: Int64, signature given: String) -> Bool {
        HMACSHA256.constantTimeEquals(Array(signature(organization, fileID, expires: expires).utf8), Array(given.lowercased().utf8))
    }
}
