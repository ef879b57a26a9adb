import CLinux
import Glibc
import HTTP1
import Synchronization

/// One thread running an epoll loop (level-triggered). It owns its connections: every
/// `Connection` is touched only on its loop's thread. Other threads (the store's writer
/// queue answering a write) hand work back with `execute`, which wakes the loop via eventfd.
///
/// Timeouts are checked by a sweep every `tickMillis` rather than per-connection timers: a
/// quarter-second resolution is plenty for 10-60 s timeouts and costs O(connections) 4×/s.
final class EventLoop: @unchecked Sendable {
    // @unchecked: `connections`, `dateString` and the scratch buffer are confined to the loop
    // thread; `pending` is behind a Mutex; `epfd`/`wakeFD` are immutable after init.
    let index: Int
    let epfd: Int32
    private let wakeFD: Int32
    private let pending = Mutex<[@Sendable () -> Void]>([])
    private let threadID = Mutex<pthread_t?>(nil)
    private var loopThread: pthread_t?
    let server: ServerContext
    var connections: [Int32: Connection] = [:]
    private(set) var dateString = HTTPDate.now()
    private var dateSecond = 0
    private(set) var now: Int64 = Socket.monotonicMillis()
    private var lastTick: Int64 = 0
    let tickMillis: Int64 = 250
    /// Read scratch space shared by this loop's connections (one read at a time per loop).
    var scratch = [UInt8](repeating: 0, count: 64 * 1024)
    private var requestCounter: UInt64 = 0
    private let requestPrefix: String
    private var stopped = false
    var listenerFD: Int32 = -1

    init(index: Int, server: ServerContext) {
        self.index = index
        self.server = server
        epfd = pt_epoll_create()
        wakeFD = pt_eventfd()
        requestPrefix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        add(fd: wakeFD, events: UInt32(PT_EPOLLIN))
    }

    // MARK: cross-thread

    /// Runs `task` on this loop's thread.
    func execute(_ task: @escaping @Sendable () -> Void) {
        pending.withLock { $0.append(task) }
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    /// True when called on this loop's thread.
    var inLoop: Bool {
        guard let t = loopThread else { return false }
        return pthread_equal(pthread_self(), t) != 0
    }

    // MARK: epoll registration

    func add(fd: Int32, events: UInt32) { _ = pt_epoll_add(epfd, fd, events) }
    func modify(fd: Int32, events: UInt32) { _ = pt_epoll_mod(epfd, fd, events) }
    func remove(fd: Int32) { _ = pt_epoll_del(epfd, fd) }

    // MARK: running

    func start() {
        // A plain pthread (no Foundation.Thread): the loop needs nothing but a thread to block in epoll.
        let box = Unmanaged.passRetained(LoopStart(loop: self)).toOpaque()
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        pthread_attr_setstacksize(&attr, 1 << 20)
        var tid = pthread_t()
        let rc = pthread_create(&tid, &attr, { arg in
            guard let arg else { return nil }
            let start = Unmanaged<LoopStart>.fromOpaque(arg).takeRetainedValue()
            start.loop.run()
            return nil
        }, box)
        pthread_attr_destroy(&attr)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        pthread_detach(tid)
    }

    fileprivate func run() {
        loopThread = pthread_self()
        var events = [pt_event](repeating: pt_event(), count: 256)
        while !stopped {
            let n = events.withUnsafeMutableBufferPointer { pt_epoll_wait(epfd, $0.baseAddress, 256, Int32(tickMillis)) }
            refreshTime()
            if n < 0 {
                if errno == EINTR { continue }
                break
            }
            for i in 0..<Int(n) {
                let fd = events[i].fd
                let ev = events[i].events
                if fd == wakeFD {
                    drainWakeups()
                } else if fd == listenerFD {
                    acceptConnections()
                } else if let conn = connections[fd] {
                    conn.handle(events: ev)
                }
            }
            if now - lastTick >= tickMillis {
                lastTick = now
                for conn in Array(connections.values) { conn.checkTimeouts() }
            }
        }
        for conn in Array(connections.values) { conn.close() }
        Glibc.close(epfd)
        Glibc.close(wakeFD)
    }

    private func refreshTime() {
        now = Socket.monotonicMillis()
        let sec = Int(time(nil))
        if sec != dateSecond {
            dateSecond = sec
            dateString = HTTPDate.format(epochSeconds: sec)
        }
    }

    private func drainWakeups() {
        var value: UInt64 = 0
        _ = read(wakeFD, &value, 8)
        let tasks = pending.withLock { q -> [@Sendable () -> Void] in
            let t = q
            q.removeAll(keepingCapacity: true)
            return t
        }
        for t in tasks { t() }
    }

    func stop() { execute { [self] in self.stopped = true } }

    // MARK: accepting

    /// Accepts until EAGAIN (bounded per wakeup so one loop cannot starve its connections).
    private func acceptConnections() {
        for _ in 0..<64 {
            let fd = pt_accept(listenerFD)
            if fd < 0 {
                // EMFILE/ENFILE: the kernel keeps the connection queued; retry on the next tick.
                return
            }
            server.place(fd: fd, from: self)
        }
    }

    /// Takes ownership of an accepted socket.
    func adopt(fd: Int32) {
        Socket.setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
        let conn = Connection(fd: fd, loop: self)
        connections[fd] = conn
        add(fd: fd, events: UInt32(PT_EPOLLIN) | UInt32(PT_EPOLLRDHUP))
    }

    func forget(fd: Int32) {
        connections[fd] = nil
    }

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
        requestCounter &+= 1
        return "\(requestPrefix)-\(index)-\(String(requestCounter, radix: 16))"
    }

    /// Closes every connection that is idle (between requests), for shutdown.
    func closeIdleConnections() {
        for conn in Array(connections.values) where conn.isIdle { conn.close() }
    }
}

/// Carries the loop into its new thread.
private final class LoopStart {
    let loop: EventLoop
    init(loop: EventLoop) { self.loop = loop }
}
