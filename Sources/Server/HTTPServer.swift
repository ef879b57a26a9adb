#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HTTP1

/// The HTTP/1.1 server: a listening socket and N event loops (one per available CPU by
/// default) on the chosen backend. Loop 0 accepts and spreads connections round-robin; each
/// connection then lives on one loop for good.
public final class HTTPServer: Sendable {
    private let context: ServerContext
    private let loops: [EventLoop]
    /// The port actually bound (useful with `--port 0`).
    public let port: Int

    /// Binds and starts serving. Throws at once (with the errno text) if the bind fails.
    /// Client connections open now (the metrics' `polytask_open_connections`).
    public var openConnections: Int { context.openConnections }

    public init(config: ServerConfig, handler: any HTTPHandler) throws(ServerStartError) {
        signal(SIGPIPE, SIG_IGN)
        guard IOBackendKind.available.contains(config.io) else {
            throw ServerStartError(description: "--io \(config.io.rawValue) is not available on this platform", errnoCode: EINVAL)
        }
        let (fd, bound) = try Socket.listen(host: config.host, port: config.port)
        port = bound
        let context = ServerContext(config: config, handler: handler)
        self.context = context
        let count = config.threads > 0 ? config.threads : Platform.availableCPUs()
        var made: [EventLoop] = []
        for i in 0..<count {
            made.append(EventLoop(index: i, server: context, backend: Self.backend(config.io, index: i)))
        }
        loops = made
        context.loops.withLock { $0 = made }
        for l in made { l.start() }
        made[0].startListening(fd: fd)
    }

    private static func backend(_ kind: IOBackendKind, index: Int) -> any IOBackend {
        let name = "polytask-io-\(index)"
        switch kind {
        case .dispatch:
            return DispatchBackend(name: name)
        case .epoll:
            #if canImport(Glibc)
            return EpollBackend(name: name)
            #else
            preconditionFailure("epoll exists only on Linux")  // refused in init above
            #endif
        }
    }

    /// Graceful shutdown: stop accepting, close idle connections, let in-flight requests finish
    /// (their responses carry `Connection: close`), and return once every connection is closed
    /// or `timeoutMillis` has passed. Returns true if everything drained in time.
    @discardableResult
    public func shutdown(timeoutMillis: Int) -> Bool {
        context.startDraining()
        loops[0].stopListening()
        let deadline = Platform.monotonicMillis() + Int64(timeoutMillis)
        repeat {
            for l in loops { l.execute { l.closeIdleConnections() } }
            usleep(10_000)
        } while context.openConnections > 0 && Platform.monotonicMillis() < deadline
        let drained = context.openConnections == 0
        for l in loops { l.stop() }
        return drained
    }
}
