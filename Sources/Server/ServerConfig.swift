/// Every limit and timeout of the HTTP server. Each has a flag and an env var of the same name
/// (see `polytask --help`); these defaults are what a user gets with neither.
public struct ServerConfig: Sendable {
    /// Address to bind: `127.0.0.1` by default; `0.0.0.0` or `::` (dual-stack) in containers.
    public var host = "127.0.0.1"
    public var port = 8080
    /// Event-loop threads; 0 means one per CPU the process may run on.
    public var threads = 0

    /// Longest request line (method, target, version) → 414.
    public var maxRequestLine = 8 * 1024
    /// Longest single header line → 431.
    public var maxHeaderLine = 64 * 1024
    /// All header lines together → 431.
    public var maxHeaderBytes = 64 * 1024
    /// Number of header fields → 431.
    public var maxHeaderCount = 100
    /// Largest request body → 413 (before reading it when Content-Length is known).
    public var maxBodySize = 4 * 1024 * 1024
    /// Open connections; past it a new connection gets 503 and is closed at once.
    public var maxConnections = 1024
    /// Pipelined requests buffered on one connection before the server stops reading from it.
    public var maxPipelined = 64

    /// From the first byte of a request to the end of its header section → 408 + close.
    public var headerTimeoutMillis = 10_000
    /// Longest gap between body bytes → 408 + close.
    public var bodyIdleTimeoutMillis = 30_000
    /// An idle keep-alive connection is closed after this.
    public var keepAliveTimeoutMillis = 60_000
    /// A response that cannot be written within this (client not reading) closes the connection.
    public var writeTimeoutMillis = 30_000
    /// On SIGTERM/SIGINT, in-flight requests get this long before the process exits anyway.
    public var shutdownTimeoutMillis = 10_000

    public init() {}
}
