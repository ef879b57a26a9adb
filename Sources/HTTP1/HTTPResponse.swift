/// A response as a handler builds it. The server adds the framing headers (`Date`,
/// `Content-Length`, `Connection`, `x-request-id`) when it serializes it.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// How the server delivers it: normally, or as an injected network fault.
    public var delivery: Delivery = .normal

    /// Network faults the control plane can inject (WireMock's fault kinds).
    public enum Delivery: Sendable, Equatable {
        case normal
        /// Close the connection without sending anything.
        case drop
        /// Send the first `n` bytes of the serialized response, then close.
        case truncate(Int)
    }

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response (`Content-Type: application/json`).
    public static func json(_ status: Int, _ body: [UInt8], headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var h = headers
        if !h.contains("Content-Type") { h.add(name: "Content-Type", value: "application/json") }
        return HTTPResponse(status: status, headers: h, body: body)
    }

    /// A JSON response from text.
    public static func json(_ status: Int, _ text: String, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        json(status, Array(text.utf8), headers: headers)
    }
}
