import HTTP1
import JSON

/// The error bodies a FastAPI server sends, which is what the vendor runs (its operationIds and
/// `HTTPValidationError` schema are FastAPI's). `HTTPException(status, "text")` renders as
/// `{"detail":"text"}`; request validation failures as `{"detail":[issue, ...]}` with 422.
public enum FastAPIErrors {
    public static func detail(_ status: Int, _ message: String, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var w = JSONWriter(capacity: 32 + message.utf8.count)
        w.beginObject()
        w.key("detail")
        w.string(message)
        w.endObject()
        return .json(status, w.bytes, headers: headers)
    }

    /// `RequestValidationError`'s 422, written as Starlette's `JSONResponse` writes it
    /// (`json.dumps`: Python's float repr, exact integers). An `input` that `json.dumps`
    /// cannot write (a NaN or an infinity, which Python's parser reads) or that is nested past
    /// the encoder's recursion limit (`PythonJSON.maxEchoDepth`) makes FastAPI fail while
    /// answering: the server's plain-text 500.
    public static func validation(_ issues: [ValidationIssue], headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        for i in issues where i.input.containsNonFinite || i.input.nestingDepth > PythonJSON.maxEchoDepth {
            return unhandledException
        }
        var w = JSONWriter(capacity: 256, numberStyle: .pythonRepr)
        w.beginObject()
        w.key("detail")
        w.beginArray()
        for i in issues { i.write(to: &w) }
        w.endArray()
        w.endObject()
        return .json(422, w.bytes, headers: headers)
    }

    /// FastAPI's 404 for a path no route matches.
    public static var notFound: HTTPResponse { detail(404, "Not Found") }

    /// A store failure the client cannot fix. FastAPI's own 500 is plain text; JSON is kinder
    /// to SDKs that parse every error body, and keeps the `detail` key they look for.
    public static var internalError: HTTPResponse { detail(500, "Internal Server Error") }

    public static var unavailable: HTTPResponse { detail(503, "Service Unavailable") }

    /// A store failure as a FastAPI app shows an unexpected server error: 503 while the store
    /// cannot serve (closed, locked, a full disk, a read-only file; `StoreError.isUnavailable`),
    /// else 500. The dialects on FastAPI (Amigo, Chamelio) answer store failures with this.
    public static func storeFailure(unavailable: Bool) -> HTTPResponse {
        unavailable ? Self.unavailable : internalError
    }

    /// What Starlette's `ServerErrorMiddleware` answers when the app raises while answering:
    /// 500 `Internal Server Error` as `text/plain; charset=utf-8`.
    public static var unhandledException: HTTPResponse {
        var h = HTTPHeaders()
        h.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        return HTTPResponse(status: 500, headers: h, body: Array("Internal Server Error".utf8))
    }
}
