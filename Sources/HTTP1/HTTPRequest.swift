/// The request line and header section of one request.
public struct HTTPRequestHead: Sendable, Equatable {
    public var method: String
    /// The request-target exactly as sent (origin-form: path and optional query).
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders

    public init(method: String, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = HTTPHeaders()) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
    }

    /// The path part of the target (before `?`), still percent-encoded.
    public var path: Substring {
        if let q = questionMark { return target[..<q] }
        return target[...]
    }

    /// The query part of the target (after `?`), still percent-encoded; empty if none.
    public var query: Substring {
        if let q = questionMark { return target[target.utf8.index(after: q)...] }
        return ""
    }

    /// The first `?`, found on the UTF-8 bytes: `firstIndex(of: Character)` walks grapheme
    /// clusters and cost a get request about 80,000 instructions (callgrind). `?` is ASCII, so
    /// its byte index is also a character boundary. On the contiguous bytes (memchr-like)
    /// when the string has them, as parsed targets do: the generic `UTF8View.firstIndex`
    /// still cost about 2,000 instructions a call, three calls a request.
    private var questionMark: String.Index? {
        let utf8 = target.utf8
        if let found = utf8.withContiguousStorageIfAvailable({ $0.firstIndex(of: UInt8(ascii: "?")) }) {
            return found.map { utf8.index(utf8.startIndex, offsetBy: $0) }
        }
        return utf8.firstIndex(of: UInt8(ascii: "?"))
    }

    /// RFC 9112 §9.3: 1.1 is persistent unless `Connection: close`; 1.0 only with `keep-alive`.
    public var wantsKeepAlive: Bool {
        if version.major == 1 && version.minor >= 1 { return !headers.hasToken("close", in: "Connection") }
        return headers.hasToken("keep-alive", in: "Connection")
    }
}

/// A complete request: head and the whole body (de-chunked).
public struct HTTPRequest: Sendable, Equatable {
    public var head: HTTPRequestHead
    public var body: [UInt8]

    public init(head: HTTPRequestHead, body: [UInt8] = []) {
        self.head = head
        self.body = body
    }

    public var method: String { head.method }
    public var headers: HTTPHeaders { head.headers }
}
