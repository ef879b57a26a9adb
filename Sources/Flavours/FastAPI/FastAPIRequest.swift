import JSON
import Routing

/// A request as a FastAPI endpoint sees it once Starlette has read it: the routed request and,
/// for routes with a body parameter, the body as `request.json()` (or the raw text when the
/// content type is not JSON, which the model then rejects).
public struct FastAPIRequest: Sendable {
    public let request: RequestContext
    /// nil when the route has no body parameter or the body is empty.
    public let body: JSONValue?

    public init(request: RequestContext, body: JSONValue?) {
        self.request = request
        self.body = body
    }
}

/// FastAPI reads and decodes the body before it resolves any dependency (`get_request_handler`
/// awaits `request.json()` first), so a malformed (422) or unparseable (400) body is the first
/// error a client sees, whatever else is wrong, credentials included. Only routes marked
/// `.body` have their body read.
public struct FastAPIBodyParsing: RouterMiddleware {
    public init() {}

    public func handle(_ ctx: RequestContext, respond: @escaping Responder, next: @escaping Next<FastAPIRequest>) {
        guard ctx.options.contains(.body) else { return next(FastAPIRequest(request: ctx, body: nil), respond) }
        switch FastAPIBody.read(ctx) {
        case .failure(let rejection): respond(rejection.response)
        case .success(let body): next(FastAPIRequest(request: ctx, body: body), respond)
        }
    }
}
