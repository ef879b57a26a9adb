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
        if let token = asciiBearerToken(v) { return token.isEmpty ? nil : token }
        let value = v.trimmingSpaces
        guard let sp = value.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return nil }
        guard HTTPHeaders.equalsIgnoringCase(value[..<sp], "Bearer") else { return nil }
        let token = value[sp...].trimmingSpaces
        guard !token.isEmpty, !token.contains(where: { $0 == " " || $0 == "\t" }) else { return nil }
        return token
    }

    /// `bearerToken` on the bytes of an ASCII value (the usual case: callgrind put the
    /// character-by-character version at 11 % of a get request). nil: not ASCII, decide the
    /// slow way; empty: no well-formed Bearer token; else the token. On ASCII a byte is a
    /// character, so both ways give the same answer.
    static func asciiBearerToken(_ v: String) -> Substring? {
        let u = v.utf8
        guard u.allSatisfy({ $0 < 0x80 }) else { return nil }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        var lo = u.startIndex, hi = u.endIndex
        while lo != hi, isSpace(u[lo]) { lo = u.index(after: lo) }
        while hi != lo, isSpace(u[u.index(before: hi)]) { hi = u.index(before: hi) }
        guard let sp = u[lo..<hi].firstIndex(where: isSpace) else { return "" }
        guard HTTPHeaders.equalsIgnoringCase(v[lo..<sp], "Bearer") else { return "" }
        var t = sp
        while t != hi, isSpace(u[t]) { t = u.index(after: t) }
        guard t != hi, !u[t..<hi].contains(where: isSpace) else { return "" }
        return v[t..<hi]
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
