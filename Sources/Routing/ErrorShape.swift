import HTTP1
import JSON

/// How a dialect renders the errors that happen outside its handlers, for the paths it owns:
/// an unknown path (404), a known path with the wrong method (405, with `Allow`), and any
/// other refusal the router or the server makes on its behalf (503 when the offload pool is
/// full; 413, 414, 431 from the HTTP layer), so that a client sees one error shape per vendor.
public protocol ErrorShape: Sendable {
    func notFound(_ ctx: RequestContext) -> HTTPResponse
    func methodNotAllowed(_ ctx: RequestContext, allowed: [String]) -> HTTPResponse
    /// Any other error with a status and a human message, in this vendor's body shape.
    func error(status: Int, code: String, message: String) -> HTTPResponse
}

extension ErrorShape {
    /// polytask's own `{"error":code,"message":...}` unless the dialect says otherwise.
    public func error(status: Int, code: String, message: String) -> HTTPResponse {
        DefaultErrorShape.body(status: status, code: code, message: message)
    }
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

    public static func body(status: Int, code: String, message: String) -> HTTPResponse {
        var w = JSONWriter(capacity: 48 + code.utf8.count + message.utf8.count)
        w.beginObject()
        w.key("error"); w.string(code)
        w.key("message"); w.string(message)
        w.endObject()
        return .json(status, w.bytes)
    }
}
