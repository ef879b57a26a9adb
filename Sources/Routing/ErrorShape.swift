import HTTP1

/// How a dialect renders the router's own errors for the paths it owns: an unknown path (404)
/// and a known path with the wrong method (405, with `Allow`).
public protocol ErrorShape: Sendable {
    func notFound(_ ctx: RequestContext) -> HTTPResponse
    func methodNotAllowed(_ ctx: RequestContext, allowed: [String]) -> HTTPResponse
}

/// polytask's own error JSON, for paths no dialect owns: `{"error":"not_found","message":"..."}`.
public struct DefaultErrorShape: ErrorShape {
    public init() {}

    public func notFound(_ ctx: RequestContext) -> HTTPResponse {
        .json(404, #"{"error":"not_found","message":"No route for this path"}"#)
    }

    public func methodNotAllowed(_ ctx: RequestContext, allowed: [String]) -> HTTPResponse {
        var h = HTTPHeaders()
        h.add(name: "Allow", value: allowed.joined(separator: ", "))
        return .json(405, #"{"error":"method_not_allowed","message":"Method not allowed for this path"}"#, headers: h)
    }
}
