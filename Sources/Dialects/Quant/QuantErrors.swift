import HTTP1
import JSON
import Store

/// The Quant dialect's error responses. The vendor documents one error body, the 409
/// `TASK_HAS_DEPENDENTS`; every other error follows the same `{"error","message"}` style
/// (the AI family's), with `field` added to 400s so a client knows what to fix.
enum QuantErrors {
    static func body(_ error: String, _ message: String?, extra: ((inout JSONWriter) -> Void)? = nil) -> [UInt8] {
        var w = JSONWriter(capacity: 128)
        w.beginObject()
        w.key("error"); w.string(error)
        if let message { w.key("message"); w.string(message) }
        extra?(&w)
        w.endObject()
        return w.bytes
    }

    /// 400 for a field that breaks the spec.
    static func invalid(_ e: QuantValidationError) -> HTTPResponse {
        .json(400, body("Invalid request", e.message) { w in w.key("field"); w.string(e.field) })
    }

    /// 400 for a body that is not JSON at all.
    static func invalidJSON(_ message: String) -> HTTPResponse {
        .json(400, body("Invalid JSON", message))
    }

    /// The 404 the research and the AI family's analogues point to.
    static let taskNotFound = HTTPResponse.json(404, #"{"error":"Task not found"}"#)

    /// 401 for a missing/malformed `Authorization: Bearer` header or (strict mode) an
    /// unregistered token. `WWW-Authenticate` per RFC 6750 §3.
    static func unauthorized(_ message: String) -> HTTPResponse {
        var h = HTTPHeaders()
        h.add(name: "WWW-Authenticate", value: #"Bearer realm="quant""#)
        return .json(401, body("Unauthorized", message), headers: h)
    }

    /// The documented 409, exactly: the count in the message is the number of ids listed.
    static func hasDependents(_ ids: [String]) -> HTTPResponse {
        .json(409, body("TASK_HAS_DEPENDENTS",
                        "Cannot delete task with \(ids.count) dependent task(s). Use cascade=true to delete all.") { w in
            w.key("dependentTaskIds"); QuantTask.writeStrings(ids, &w)
        })
    }

    /// 500 with the operation's documented description ("Failed to get task", ...); 503 while
    /// the store is unavailable.
    static func failed(_ operation: String, _ error: StoreError) -> HTTPResponse {
        if error.isUnavailable { return unavailable(operation, error) }
        return .json(500, body(operation, String(describing: error)))
    }

    /// 503 while the store cannot serve (a full disk, a read-only file, a lock held too long):
    /// not the request's fault, and a client may retry later. The message names the operation
    /// and the cause.
    static func unavailable(_ operation: String, _ error: StoreError) -> HTTPResponse {
        .json(503, body("Service unavailable", "\(operation): \(error.cause)"))
    }

    /// A store error from a write or read, as the operation's vendor-style response.
    static func map(_ error: StoreError, operation: String) -> HTTPResponse {
        switch error {
        case .notFound:
            return taskNotFound
        case .unknownDependency(let id):
            return invalid(QuantValidationError("dependsOn", "dependsOn references task \(id), which does not exist in this organisation"))
        case .cycle(let ids):
            return invalid(QuantValidationError("dependsOn", "dependsOn would create a dependency cycle: \(ids.joined(separator: " -> "))"))
        case .hasDependents(let ids):
            return hasDependents(ids)
        case .duplicate(let key):
            return .json(409, body("Conflict", "Task \(key.id) already exists"))
        default:
            return failed(operation, error)
        }
    }
}
