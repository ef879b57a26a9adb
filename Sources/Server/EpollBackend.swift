#if canImport(Glibc)
import CLinux
import Glibc
import Synchronization

/// The Linux backend: one pthread blocked in `epoll_wait` (level-triggered), woken by an
/// eventfd for `execute`, with the tick as the wait's timeout. This is the loop the server
/// had before the backend protocol existed, and its fast path.
final class EpollBackend: IOBackend, @unchecked Sendable {
    // @unchecked: `epfd`, `wakeFD` and `name` are immutable; `pending` is behind a Mutex;
    // `threadID` is atomic; `stopped` is touched only on the loop thread (asserted).
    private let epfd: Int32
    private let wakeFD: Int32
    private let name: String
    private let pending = Mutex<[@Sendable () -> Void]>([])
    /// The loop thread's id, stored by that thread first thing, before it delivers anything;
    /// 0 until then (so `inLoop` is false everywhere until the loop runs).
    private let threadID = Atomic<UInt>(0)
    private var stopped = false

    init(name: String) {
        self.name = name
        epfd = pt_epoll_create()
        wakeFD = pt_eventfd()
        precondition(epfd >= 0 && wakeFD >= 0, "epoll_create1/eventfd failed: \(Platform.errnoText())")
        _ = pt_epoll_add(epfd, wakeFD, PT_EPOLLIN)
    }

    // Neither epfd nor wakeFD is ever closed: `execute` may be called from any thread at any
    // moment, and a closed-then-reused descriptor number would receive our 8-byte wake-up.
    // Loops live as long as the process.

    static func mask(_ interest: IOEvents) -> UInt32 {
        var m: UInt32 = 0
        if interest.contains(.readable) { m |= PT_EPOLLIN | PT_EPOLLRDHUP }
        if interest.contains(.writable) { m |= PT_EPOLLOUT }
        return m
    }

    static func events(_ m: UInt32) -> IOEvents {
        var e: IOEvents = []
        if m & PT_EPOLLIN != 0 { e.insert(.readable) }
        if m & PT_EPOLLOUT != 0 { e.insert(.writable) }
        if m & PT_EPOLLRDHUP != 0 { e.insert(.readHangup) }
        if m & (PT_EPOLLERR | PT_EPOLLHUP) != 0 { e.insert(.error) }
        return e
    }

    func register(fd: Int32, interest: IOEvents) { _ = pt_epoll_add(epfd, fd, Self.mask(interest)) }
    func setInterest(fd: Int32, interest: IOEvents) { _ = pt_epoll_mod(epfd, fd, Self.mask(interest)) }

    func deregisterAndClose(fd: Int32, ops: any SocketOps) {
        _ = pt_epoll_del(epfd, fd)
        ops.close(fd)
    }

    func execute(_ task: @escaping @Sendable () -> Void) {
        pending.withLock { $0.append(task) }
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    var inLoop: Bool {
        let t = threadID.load(ordering: .acquiring)
        return t != 0 && pthread_equal(pthread_self(), t) != 0
    }

    func assertInLoop(file: StaticString, line: UInt) {
        assert(inLoop, "\(name): called off its loop thread", file: file, line: line)
    }

    func stop() {
        assertInLoop(file: #file, line: #line)
        stopped = true
    }

    // MARK: the thread

    func start(sink: any IOEventSink) {
        // A plain pthread (no Foundation.Thread): the loop needs nothing but a thread to block in epoll.
        let box = Unmanaged.passRetained(EpollStart(backend: self, sink: sink)).toOpaque()
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        pthread_attr_setstacksize(&attr, 1 << 20)
        var tid = pthread_t()
        let rc = pthread_create(&tid, &attr, { arg in
            guard let arg else { return nil }
            let start = Unmanaged<EpollStart>.fromOpaque(arg).takeRetainedValue()
            start.backend.run(sink: start.sink)
            return nil
        }, box)
        pthread_attr_destroy(&attr)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        pthread_detach(tid)
    }

    private func run(sink: any IOEventSink) {
        threadID.store(UInt(pthread_self()), ordering: .releasing)
        pt_set_thread_name(name)
        var events = [pt_event](repeating: pt_event(), count: 256)
        var lastTick = Platform.monotonicMillis()
        while !stopped {
            let n = events.withUnsafeMutableBufferPointer {
                pt_epoll_wait(epfd, $0.baseAddress, 256, Int32(IOBackendTiming.tickMillis))
            }
            if n < 0 {
                if errno == EINTR { continue }
                preconditionFailure("\(name): epoll_wait failed: \(Platform.errnoText())")
            }
            sink.ioBatchBegins()
            for i in 0..<Int(n) {
                let fd = events[i].fd
                if fd == wakeFD {
                    drainWakeups()
                } else {
                    sink.ioReady(fd: fd, events: Self.events(events[i].events))
                }
            }
            let now = Platform.monotonicMillis()
            if now - lastTick >= IOBackendTiming.tickMillis {
                lastTick = now
                sink.ioTick()
            }
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
}

/// Carries the backend and its sink into the new thread.
private final class EpollStart {
    let backend: EpollBackend
    let sink: any IOEventSink
    init(backend: EpollBackend, sink: any IOEventSink) {
        self.backend = backend
        self.sink = sink
    }
}
#endif
