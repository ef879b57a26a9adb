import HTTP1
import Synchronization

/// State the loops share: configuration, the handler, the connection and unsent-byte counts,
/// and the loop list. Immutable or atomic: safe from any thread.
final class ServerContext: Sendable {
    let config: ServerConfig
    let handler: any HTTPHandler
    let limits: ParserLimits
    private let open = Atomic<Int>(0)
    private let draining = Atomic<Bool>(false)
    private let nextLoop = Atomic<Int>(0)
    /// Response bytes queued on sockets and not yet accepted by the kernel, all connections
    /// together. Only bytes left over after a send attempt count, so the common case (the whole
    /// response sent at once) never touches this shared counter.
    private let unsent = Atomic<Int>(0)
    /// Set once, right after the loops are made (they need this context first).
    let loops = Mutex<[EventLoop]>([])

    init(config: ServerConfig, handler: any HTTPHandler) {
        self.config = config
        self.handler = handler
        limits = ParserLimits(maxRequestLine: config.maxRequestLine, maxHeaderLine: config.maxHeaderLine,
                              maxHeaderBytes: config.maxHeaderBytes, maxHeaderCount: config.maxHeaderCount,
                              maxBodySize: config.maxBodySize)
    }

    /// The answer past `maxConnections` and the admin reserve.
    static let overload = HTTPParseError(503, "too_many_connections", "The server is at its connection limit")

    var isDraining: Bool { draining.load(ordering: .relaxed) }
    func startDraining() { draining.store(true, ordering: .relaxed) }
    var openConnections: Int { open.load(ordering: .relaxed) }

    var unsentBytes: Int { unsent.load(ordering: .relaxed) }
    func addUnsent(_ delta: Int) { unsent.add(delta, ordering: .relaxed) }

    /// Called on the accepting loop for each accepted socket: refuse it, or hand it to a loop
    /// (round-robin) for good.
    func place(fd: Int32, from acceptor: EventLoop) {
        if isDraining {
            acceptor.ops.close(fd)
            return
        }
        let count = open.load(ordering: .relaxed)
        if count >= config.maxConnections + config.adminReserveConnections {
            // Over every cap: answer 503 at once and close; never leave the client hanging.
            acceptor.refuseAtOnce(fd: fd, Self.overload)
            return
        }
        let reserved = count >= config.maxConnections
        open.add(1, ordering: .relaxed)
        let all = loops.withLock { $0 }
        let target = all[nextLoop.add(1, ordering: .relaxed).oldValue % all.count]
        if target === acceptor {
            target.adopt(fd: fd, reserved: reserved)
        } else {
            target.execute { target.adopt(fd: fd, reserved: reserved) }
        }
    }

    func connectionClosed() {
        open.subtract(1, ordering: .relaxed)
    }
}
