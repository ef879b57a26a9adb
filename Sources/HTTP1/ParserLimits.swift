/// The request parser's size limits; each breach has its own status (see `HTTPParseError`).
public struct ParserLimits: Sendable, Equatable {
    /// Longest request line → 414 URI Too Long.
    public var maxRequestLine: Int
    /// Longest single header (or trailer) line → 431.
    public var maxHeaderLine: Int
    /// All header lines together → 431.
    public var maxHeaderBytes: Int
    /// Number of header fields → 431.
    public var maxHeaderCount: Int
    /// Largest body → 413, answered before the body is read when Content-Length says so.
    public var maxBodySize: Int

    public init(maxRequestLine: Int = 8 * 1024, maxHeaderLine: Int = 64 * 1024, maxHeaderBytes: Int = 64 * 1024,
                maxHeaderCount: Int = 100, maxBodySize: Int = 4 * 1024 * 1024) {
        self.maxRequestLine = maxRequestLine
        self.maxHeaderLine = maxHeaderLine
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodySize = maxBodySize
    }
}
