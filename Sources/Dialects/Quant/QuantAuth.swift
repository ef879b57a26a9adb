import Emulator
import HTTP1
import Routing
import Store

/// `Authorization: Bearer <token>` checking, the first step of every Quant route: the tenant
/// is the `{organisation}` of the path, and the credential must be good for it. The vendor's
/// spec declares global bearer auth but no 401 body for tasks; ours is
/// `{"error":"Unauthorized","message":...}`.
///
/// In `open` mode any well-formed token passes. In `strict` mode the token must be registered
/// for the organisation in the path (`QuantTokens`).
struct QuantAuth: RouterMiddleware {
    let mode: AuthMode
    let store: TaskStore

    /// The token of a well-formed `Bearer` credential (scheme case-insensitive, RFC 9110 §11.1),
    /// or nil when the header is missing, has another scheme, or an empty token.
    static func bearerToken(_ headers: HTTPHeaders) -> Substring? {
        guard let v = headers["Authorization"] else { return nil }
        let value = v.trimmingSpaces
        guard let sp = value.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return nil }
        guard HTTPHeaders.equalsIgnoringCase(value[..<sp], "Bearer") else { return nil }
        let token = value[sp...].trimmingSpaces
        guard !token.isEmpty, !token.contains(where: { $0 == " " || $0 == "\t" }) else { return nil }
        return token
    }

    func handle(_ ctx: RequestContext, respond: @escaping Responder, next: @escaping Next<QuantContext>) {
        let organisation = ctx.parameters.require("organisation")
        ctx.trace.tenant = organisation
        if let denied = check(ctx, organisation: organisation) { return respond(denied) }
        next(QuantContext(request: ctx, organisation: organisation), respond)
    }

    /// nil if the request may proceed for `organisation`, else the 401 to send.
    func check(_ ctx: RequestContext, organisation: String) -> HTTPResponse? {
        guard let token = Self.bearerToken(ctx.headers) else {
            return QuantErrors.unauthorized("Missing or malformed Authorization header; expected 'Bearer <token>'")
        }
        guard mode == .strict else { return nil }
        let hash = QuantTokens.secretHash(organisation: organisation, token: String(token))
        let key: APIKeyRecord?
        do { key = try store.apiKey(secretHash: hash) } catch {
            return QuantErrors.failed("Failed to authenticate", error)
        }
        guard let key, key.dialect == QuantTask.dialect, key.tenant == organisation else {
            return QuantErrors.unauthorized("Invalid token for organisation \(organisation)")
        }
        return nil
    }
}
