import HTTP1
import JSON
import Store

/// Every error of `/api/v1/` in one shape, `{"error": "<message>"}` (what a Next.js handler's
/// `NextResponse.json({ error }, { status })` gives), with the vendor's documented texts where
/// it has them. The docs give only prose for the 401 and 404 bodies; the shape is our choice
/// (docs/dialects/agent-task.md). A 400 may add one member that says what to fix (`missing`).
enum AgentTaskErrors {
    static func body(_ message: String, extra: ((inout JSONWriter) -> Void)? = nil) -> [UInt8] {
        var w = JSONWriter(capacity: 48 + message.utf8.count)
        w.beginObject()
        w.key("error"); w.string(message)
        extra?(&w)
        w.endObject()
        return w.bytes
    }

    static func error(_ status: Int, _ message: String) -> HTTPResponse { .json(status, body(message)) }

    /// The documented 401, for a missing, empty or (in strict mode) unregistered `apikey`.
    static let unauthorized = error(401, "Unauthorized. API key is invalid")
    /// The documented 404 of `GET /api/v1/task/{taskId}` (also unknown, deleted, another user's).
    static let taskNotFound = error(404, "Task's ID is not found.")
    /// `DELETE /api/v1/task/{taskId}` documents its 404 without "is" and without the period.
    static let deleteTaskNotFound = error(404, "Task's ID not found")
    /// Agents and workflows, in the style of the task's documented text.
    static let agentNotFound = error(404, "Agent's ID is not found.")

    static func invalid(_ message: String) -> HTTPResponse { error(400, message) }

    /// 400 naming the inputs a run lacks: `{"error":"Missing required inputs: a, b","missing":["a","b"]}`.
    static func missingInputs(_ names: [String]) -> HTTPResponse {
        .json(400, body("Missing required inputs: " + names.joined(separator: ", ")) { w in
            w.key("missing")
            w.beginArray()
            for n in names { w.string(n) }
            w.endArray()
        })
    }

    /// A store failure, as an unhandled error in a Next.js route is answered: 500 (503 while
    /// the store is unavailable), with the shape kept.
    static func store(_ e: StoreError) -> HTTPResponse {
        e.isUnavailable ? error(503, "Service unavailable") : error(500, "Internal server error")
    }
}

extension StoreError {
    /// A `StoreError` as it is; anything else (a damaged stored state) as `.invalid`.
    static func wrapped(_ error: any Error) -> StoreError {
        if let e = error as? StoreError { return e }
        return .invalid(String(describing: error))
    }
}
