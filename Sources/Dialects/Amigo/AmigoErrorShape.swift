import HTTP1
import Routing

/// Starlette's defaults under FastAPI, for every path under `/v1/`: an unmatched path gives
/// 404 `{"detail":"Not Found"}`, and a matched path with the wrong method gives
/// 405 `{"detail":"Method Not Allowed"}` with `Allow`.
struct AmigoErrorShape: ErrorShape {
    func notFound(_ ctx: RequestContext) -> HTTPResponse { FastAPIErrors.notFound }

    func methodNotAllowed(_ ctx: RequestContext, allowed: [String]) -> HTTPResponse {
        var h = HTTPHeaders()
        h.add(name: "Allow", value: allowed.joined(separator: ", "))
        return FastAPIErrors.detail(405, "Method Not Allowed", headers: h)
    }
}
