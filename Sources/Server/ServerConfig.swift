/// Every limit and timeout of the HTTP server. Each has a flag and an env var of the same name
/// (see `polytask --help`); these defaults are what a user gets with neither.
public struct ServerConfig: Sendable {
    /// Address to bind: `127.0.0.1` by default; `0.0.0.0` or `::` (dual-stack) in containers.
    public var host = "127.0.0.1"
    public var port = 8080
    /// Event loops; 0 means one per CPU the process may run on.
    public var threads = 0
    /// The event-loop backend (`--io`).
    public var io = IOBackendKind.platformDefault

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
    /// Open connections; past it (and past the admin reserve) a new connection gets 503 and is
    /// closed at once.
    public var maxConnections = 1024
    /// Connection slots past `maxConnections` in which only paths under `reservedPathPrefix` are
    /// served (anything else: 503 + close), so health and the control plane stay reachable
    /// while the vendor routes are flooded.
    public var adminReserveConnections = 8
    /// The paths the admin reserve serves.
    public var reservedPathPrefix = "/_polytask/"
    /// Unsent response bytes one connection may hold before it stops parsing further
    /// (pipelined) requests; parsing resumes as the client reads. One response may be larger.
    public var maxUnsentBytesPerConnection = 256 * 1024
    /// Unsent response bytes of the whole process: while over it, connections that still hold
    /// unsent bytes parse no further requests (a connection with nothing queued may always
    /// take one, so a reading client is served while others do not read).
    public var maxUnsentBytes = 256 * 1024 * 1024

    /// From the first byte of a request to the end of its header section → 408 + close.
    public var headerTimeoutMillis = 10_000
    /// Longest gap between body bytes → 408 + close.
    public var bodyIdleTimeoutMillis = 30_000
    /// From the end of the header section to the end of the body, however steadily the bytes
    /// come → 408 + close (Apache mod_reqtimeout's body deadline, without its rate extension).
    public var bodyTimeoutMillis = 60_000
    /// An idle keep-alive connection is closed after this.
    public var keepAliveTimeoutMillis = 60_000
    /// A client that accepts no byte of a queued response for this long is closed (nginx's
    /// send_timeout: measured between successive writes, not over the whole response).
    public var writeTimeoutMillis = 30_000
    /// On SIGTERM/SIGINT, in-flight requests get this long before the process exits anyway.
    public var shutdownTimeoutMillis = 10_000

    public init() {}

    /// Descriptors the server itself needs besides its connections: the listener, the reserve
    /// descriptor, and per loop an epoll descriptor and an eventfd (libdispatch keeps a few of
    /// its own, counted here too).
    public var serverDescriptors: Int {
        let loops = threads > 0 ? threads : Platform.availableCPUs()
        return 2 + 2 * loops + 4
    }

    /// Fits the connection slots (`maxConnections` + `adminReserveConnections`) under the
    /// descriptor limit, leaving `otherDescriptors` for the rest of the process (the store's
    /// files, stdio, seeds). Returns a sentence for the log when it had to lower them, nil when
    /// everything fits. The admin reserve is kept as long as at least one ordinary slot remains.
    public mutating func fitConnections(descriptorLimit: Int, otherDescriptors: Int) -> String? {
        let room = descriptorLimit - otherDescriptors - serverDescriptors
        guard maxConnections + adminReserveConnections > room else { return nil }
        let asked = maxConnections
        let askedReserve = adminReserveConnections
        adminReserveConnections = max(0, min(adminReserveConnections, room - 1))
        maxConnections = max(1, room - adminReserveConnections)
        var note = "the open-file limit is \(descriptorLimit): --max-connections lowered from \(asked) to \(maxConnections)"
        if adminReserveConnections != askedReserve {
            note += " and --admin-reserve-connections from \(askedReserve) to \(adminReserveConnections)"
        }
        return note + " (raise it with ulimit -n)"
    }
}
