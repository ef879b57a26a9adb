import HTTP1
import Routing

/// What paths under `/api/v1/` that match no route answer, and other refusals made on the
/// dialect's behalf (503 from the offload pool, 413...): the API's one error shape. Next.js
/// itself would render its HTML 404 page for an unknown path; polytask answers JSON instead, so a
/// client parses one shape everywhere under `/api/v1/` (docs/dialects/agent-task.md). No route
/// check needs a key: routing comes before any handler could look at one.
struct AgentTaskErrorShape: ErrorShape {
    func notFound(_ ctx: RequestContext) -> HTTPResponse {
        AgentTaskErrors.error(404, "Not found")
    }

    func methodNotAllowed(_ ctx: RequestContext, allowed: [String]) -> HTTPResponse {
        var h = HTTPHeaders()
        h.add(name: "Allow", value: allowed.joined(separator: ", "))
        return .json(405, AgentTaskErrors.body("Method \(ctx.method) Not Allowed"), headers: h)
    }

    func error(status: Int, code: String, message: String) -> HTTPResponse {
        AgentTaskErrors.error(status, message)
    }
}
