import HTTP1
import JSON

/// A response as a test reads it.
public struct TestReply: Sendable {
    public var response: HTTPResponse

    public init(response: HTTPResponse) { self.response = response }

    public var status: Int { response.status }
    public var headers: HTTPHeaders { response.headers }
    public var body: [UInt8] { response.body }
    public var text: String { String(decoding: response.body, as: UTF8.self) }
    /// The body parsed, or `.null` when it is empty or not JSON (a test then fails on it).
    public var json: JSONValue { (try? JSONParser.parse(response.body)) ?? .null }
    public subscript(_ key: String) -> JSONValue? { json[key] }
}
