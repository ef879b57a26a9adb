import HTTP1
import JSON
import Routing
import Store

/// Reading and answering control-plane requests: JSON in whatever content type (so a bare
/// `curl -d '{...}'` works), and polytask's own `{"error","message"}` shape out.
enum ControlBody {
    /// The body as JSON; an empty body is `{}`. Nil (and the 400 already sent) if malformed.
    static func json(_ ctx: RequestContext, _ respond: Responder) -> JSONValue? {
        guard !ctx.body.isEmpty else { return .object([:]) }
        do {
            return try JSONParser.parse(ctx.body)
        } catch {
            respond(failure(400, "invalid_json", "The body is not valid JSON: \(error)"))
            return nil
        }
    }

    static func failure(_ status: Int, _ code: String, _ message: String) -> HTTPResponse {
        DefaultErrorShape.body(status: status, code: code, message: message)
    }

    /// 503 while the store cannot serve (a full disk, a read-only file, a lock held too long),
    /// naming the dialect and the cause: the request was fine, the machine was not.
    static func storeUnavailable(_ dialect: String, _ error: StoreError) -> HTTPResponse {
        failure(503, "store_unavailable", "\(dialect): \(error.cause)")
    }

    static func ok(_ v: JSONValue, status: Int = 200) -> HTTPResponse { .json(status, v.encoded) }
}
