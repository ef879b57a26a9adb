#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HTTP1

/// One event loop: the connections it owns, its clock and date, its timeout sweep, and (loop
/// 0 only) the listening socket. The OS side (epoll thread or dispatch queue) is its
/// `backend`; the socket calls go through `ops`. Both are seams: Tests/ServerTests drive a loop
/// with a fake backend, fake sockets and a hand-set clock.
///
/// Every `Connection` is touched only on its loop. Other threads (the store's writer queue
/// answering a write, the accepting loop handing over a socket) hand work back with `execute`.
final class EventLoop: IOEventSink, @unchecked Sendable {
    // @unchecked: owned by `backend`'s thread or queue. `connections`, `now`, `dateString`,
    // `scratch`, the request counter and `acceptor` are touched only there (`assertInLoop`, debug
    // builds); `index`, `server`, `backend`, `ops`, `clock` and `requestPrefix` are immutable.
    let index: Int
    let server: ServerContext
    let backend: any IOBackend
    let ops: any SocketOps
    private let clock: @Sendable () -> Int64
    private(set) var connections: [Int32: Connection] = [:]
    private(set) var dateString = HTTPDate.now()
    private var dateSecond = 0
    private(set) var now: Int64
    /// Read scratch space shared by this loop's connections (one read at a time per loop).
    var scratch = [UInt8](repeating: 0, count: 64 * 1024)
    private var requestCounter: UInt64 = 0
    private let requestPrefix: String
    /// The listening socket's accept state, on the loop that accepts.
    private var acceptor: Acceptor?

    init(index: Int, server: ServerContext, backend: any IOBackend, ops: any SocketOps = PosixSocketOps(),
         clock: @escaping @Sendable () -> Int64 = Platform.monotonicMillis) {
        self.index = index
        self.server = server
        self.backend = backend
        self.ops = ops
        self.clock = clock
        now = clock()
        requestPrefix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
    }

    func start() { backend.start(sink: self) }

    // MARK: cross-thread

    /// Runs `task` on this loop.
    func execute(_ task: @escaping @Sendable () -> Void) { backend.execute(task) }

    /// True when called on this loop's thread or queue.
    var inLoop: Bool { backend.inLoop }

    /// Debug builds: traps unless on this loop. Compiled out of release builds.
    @inline(__always)
    func assertInLoop(file: StaticString = #file, line: UInt = #line) {
        backend.assertInLoop(file: file, line: line)
    }

    // MARK: IOEventSink

    func ioBatchBegins() {
        now = clock()
        let sec = Int(time(nil))
        if sec != dateSecond {
            dateSecond = sec
            dateString = HTTPDate.format(epochSeconds: sec)
        }
    }

    func ioReady(fd: Int32, events: IOEvents) {
        assertInLoop()
        if let conn = connections[fd] {
            conn.handle(events)
        } else if let acceptor, fd == acceptor.listenerFD {
            acceptor.acceptReady()
        }
    }

    func ioTick() {
        assertInLoop()
        for conn in Array(connections.values) { conn.checkTimeouts() }
        acceptor?.tick()
    }

    // MARK: listening

    /// Takes the listening socket: this loop accepts from now on.
    func startListening(fd: Int32) {
        execute { [self] in
            self.acceptor = Acceptor(listenerFD: fd, loop: self)
        }
    }

    /// Stops accepting and closes the listening socket.
    func stopListening() {
        execute { [self] in
            self.acceptor?.close()
            self.acceptor = nil
        }
    }

    // MARK: connections

    /// Takes ownership of an accepted socket. `reserved`: admitted into the admin reserve past
    /// --max-connections, where only `reservedPathPrefix` is served.
    func adopt(fd: Int32, reserved: Bool = false) {
        assertInLoop()
        let conn = Connection(fd: fd, loop: self, reserved: reserved)
        connections[fd] = conn
        backend.register(fd: fd, interest: .readable)
    }

    /// Called by a closing connection: stop watching and close its socket.
    func release(_ conn: Connection) {
        assertInLoop()
        connections[conn.fd] = nil
        backend.deregisterAndClose(fd: conn.fd, ops: ops)
        server.connectionClosed()
    }

    /// Closes every connection that is idle (between requests), for shutdown.
    func closeIdleConnections() {
        assertInLoop()
        for conn in Array(connections.values) where conn.isIdle { conn.close() }
    }

    /// Closes everything and stops the backend (end of shutdown).
    func stop() {
        execute { [self] in
            self.acceptor?.close()
            self.acceptor = nil
            for conn in Array(self.connections.values) { conn.close() }
            self.backend.stop()
        }
    }

    // MARK: request ids

    /// The client's `x-request-id` if it is a sane token, otherwise a fresh one.
    func requestID(for head: HTTPRequestHead) -> String {
        if let given = head.headers["x-request-id"], !given.isEmpty, given.utf8.count <= 200,
           given.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) {
            return given
        }
        return newRequestID()
    }

    /// A fresh request id: this loop's random prefix, its index and a counter.
    func newRequestID() -> String {
        assertInLoop()
        requestCounter &+= 1
        return "\(requestPrefix)-\(index)-\(String(requestCounter, radix: 16))"
    }

    /// Answers `error` on a socket that will not become a connection (over the limits, out of
    /// descriptors) and closes it: one non-blocking send, which a fresh socket's empty send
    /// buffer takes whole. The client gets an answer, never a silent hang. What the client sent
    /// so far is read first: closing with unread bytes would send a reset, which can destroy
    /// the answer before the client reads it.
    func refuseAtOnce(fd: Int32, _ error: HTTPParseError) {
        let bytes = ResponseSerializer.serialize(error, requestID: newRequestID(), date: dateString)
        _ = scratch.withUnsafeMutableBytes { ops.receive(fd, into: $0) }
        _ = bytes.withUnsafeBytes { ops.send(fd, $0) }
        ops.shutdownWrite(fd)
        ops.close(fd)
    }
}
