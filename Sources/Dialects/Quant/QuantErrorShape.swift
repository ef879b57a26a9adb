import HTTP1
import Routing

/// 404/405 for paths under `/api/v3/organizations` that match no Quant route, in the vendor's
/// `{"error","message"}` style. Like an auth middleware in front of the vendor's router, a
/// request without a well-formed bearer credential gets 401 first.
struct QuantErrorShape: ErrorShape {
    func notFound(_ ctx: RequestContext) -> HTTPResponse {
        if QuantAuth.bearerToken(ctx.headers) == nil {
            return QuantErrors.unauthorized("Missing or malformed Authorization header; expected 'Bearer <token>'")
        }
        return .json(404, QuantErrors.body("Not found", "No route for \(ctx.method) \(ctx.path)"))
    }

    func methodNotAllowed(_ ctx: RequestContext, allowed: [String]) -> HTTPResponse {
        if QuantAuth.bearerToken(ctx.headers) == nil {
            return QuantErrors.unauthorized("Missing or malformed Authorization header; expected 'Bearer <token>'")
        }
        var h = HTTPHeaders()
        h.add(name: "Allow", value: allowed.joined(separator: ", "))
        return .json(405, QuantErrors.body("Method not allowed",
                                           "\(ctx.method) is not allowed here; allowed: \(allowed.joined(separator: ", "))"),
                     headers: h)
    }
}
