/// A request the parser refuses. The connection cannot be trusted to stay in sync after one,
/// so the server answers `status` with a short JSON body and `Connection: close`, then closes.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    /// A short, stable, machine-readable reason (`"content_length_invalid"`).
    public var code: String
    /// A human sentence for the error body.
    public var message: String
    /// The request target, when the parser got that far (413, 431), or the start of it for a
    /// request line that is too long (414): lets the server answer in the error shape of the
    /// vendor that owns the path.
    public var target: String?

    public init(_ status: Int, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(status) \(code): \(message)" }

    /// An error is its status, code and message; the target is context for the answer's shape.
    public static func == (a: HTTPParseError, b: HTTPParseError) -> Bool {
        a.status == b.status && a.code == b.code && a.message == b.message
    }

    /// The JSON error body: `{"error":"<code>","message":"<message>"}`.
    public var jsonBody: [UInt8] {
        var out: [UInt8] = Array(#"{"error":""#.utf8)
        out.append(contentsOf: code.utf8)
        out.append(contentsOf: #"","message":""#.utf8)
        for c in message.utf8 where c != UInt8(ascii: "\"") && c != UInt8(ascii: "\\") && c >= 0x20 { out.append(c) }
        out.append(contentsOf: #""}"#.utf8)
        return out
    }
}
