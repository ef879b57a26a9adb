import CLinux
import Glibc
import HTTP1
import Synchronization

/// State the loops share: configuration, the handler, counters and the loop list.
final class ServerContext: Sendable {
    let config: ServerConfig
    let handler: any HTTPHandler
    let limits: ParserLimits
    private let open = Atomic<Int>(0)
    private let draining = Atomic<Bool>(false)
    private let nextLoop = Atomic<Int>(0)
    /// Set once, right after the loops are made (they need this context first).
    let loops = Mutex<[EventLoop]>([])

    init(config: ServerConfig, handler: any HTTPHandler) {
        self.config = config
        self.handler = handler
        limits = ParserLimits(maxRequestLine: config.maxRequestLine, maxHeaderLine: config.maxHeaderLine,
                              maxHeaderBytes: config.maxHeaderBytes, maxHeaderCount: config.maxHeaderCount,
                              maxBodySize: config.maxBodySize)
    }

    /// The answer past `maxConnections`: 503 with the usual headers (current Date, a request id).
    private static let overload = HTTPParseError(503, "too_many_connections", "The server is at its connection limit")

    var isDraining: Bool { draining.load(ordering: .relaxed) }
    func startDraining() { draining.store(true, ordering: .relaxed) }
    var openConnections: Int { open.load(ordering: .relaxed) }

    /// Called on the accepting loop for each accepted socket.
    func place(fd: Int32, from acceptor: EventLoop) {
        if isDraining {
            Glibc.close(fd)
            return
        }
        if open.load(ordering: .relaxed) >= config.maxConnections {
            // Over the cap: answer 503 at once and close; never leave the client hanging.
            let bytes = ResponseSerializer.serialize(Self.overload, requestID: acceptor.newRequestID(),
                                                     date: acceptor.dateString)
            _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            shutdown(fd, Int32(SHUT_WR))
            Glibc.close(fd)
            return
        }
        open.add(1, ordering: .relaxed)
        let all = loops.withLock { $0 }
        let target = all[nextLoop.add(1, ordering: .relaxed).oldValue % all.count]
        if target === acceptor {
            target.adopt(fd: fd)
        } else {
            target.execute { target.adopt(fd: fd) }
        }
    }

    func connectionClosed() {
        open.subtract(1, ordering: .relaxed)
    }
}

/// The HTTP/1.1 server: a listening socket and N event loops (one per available CPU by
/// default). Loop 0 accepts and spreads connections round-robin; each connection then lives
/// on one loop for good.
public final class HTTPServer: Sendable {
    private let context: ServerContext
    private let loops: [EventLoop]
    private let listenerFD: Int32
    /// The port actually bound (useful with `--port 0`).
    public let port: Int

    public var config: ServerConfig { context.config }

    /// Binds and starts serving. Throws at once (with the errno text) if the bind fails.
    public init(config: ServerConfig, handler: any HTTPHandler) throws(ServerStartError) {
        signal(SIGPIPE, SIG_IGN)
        let (fd, bound) = try Socket.listen(host: config.host, port: config.port)
        listenerFD = fd
        port = bound
        let context = ServerContext(config: config, handler: handler)
        self.context = context
        let count = config.threads > 0 ? config.threads : Socket.availableCPUs()
        var made: [EventLoop] = []
        for i in 0..<count { made.append(EventLoop(index: i, server: context)) }
        loops = made
        context.loops.withLock { $0 = made }
        made[0].listenerFD = fd
        made[0].add(fd: fd, events: UInt32(PT_EPOLLIN))
        for l in made { l.start() }
    }

    /// Open connections right now.
    public var openConnections: Int { context.openConnections }

    /// Graceful shutdown: stop accepting, close idle connections, let in-flight requests finish
    /// (their responses carry `Connection: close`), and return once every connection is closed
    /// or `timeoutMillis` has passed. Returns true if everything drained in time.
    @discardableResult
    public func shutdown(timeoutMillis: Int) -> Bool {
        context.startDraining()
        let acceptor = loops[0]
        let fd = listenerFD
        acceptor.execute {
            acceptor.remove(fd: fd)
            acceptor.listenerFD = -1
            Glibc.close(fd)
        }
        let deadline = Socket.monotonicMillis() + Int64(timeoutMillis)
        repeat {
            for l in loops { l.execute { l.closeIdleConnections() } }
            usleep(10_000)
        } while context.openConnections > 0 && Socket.monotonicMillis() < deadline
        let drained = context.openConnections == 0
        for l in loops { l.stop() }
        return drained
    }
}
