import HTTP1
import Routing

/// Starlette's defaults under FastAPI, for the paths a FastAPI dialect owns: an unmatched path gives
/// 404 `{"detail":"Not Found"}`, and a matched path with the wrong method gives
/// 405 `{"detail":"Method Not Allowed"}` with `Allow`.
public struct StarletteErrorShape: ErrorShape {
    public init() {}

    public func notFound(_ ctx: RequestContext) -> HTTPResponse { FastAPIErrors.notFound }

    public func methodNotAllowed(_ ctx: RequestContext, allowed: [String]) -> HTTPResponse {
        var h = HTTPHeaders()
        h.add(name: "Allow", value: allowed.joined(separator: ", "))
        return FastAPIErrors.detail(405, "Method Not Allowed", headers: h)
    }

    /// An `HTTPException(status, message)`: `{"detail": message}`.
    public func error(status: Int, code: String, message: String) -> HTTPResponse {
        FastAPIErrors.detail(status, message)
    }
}
