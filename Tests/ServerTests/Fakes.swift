import HTTP1
import Synchronization
@testable import Server

/// A backend that delivers nothing by itself: the test is the loop (like NIO's
/// EmbeddedEventLoop). It records each descriptor's interest, and `Harness.pump` delivers
/// readiness the way a level-triggered backend would.
final class FakeBackend: IOBackend, Sendable {
    let interests = Mutex<[Int32: IOEvents]>([:])
    let pending = Mutex<[@Sendable () -> Void]>([])
    /// What `inLoop` answers: false makes a handler's `respond` take the `execute` path.
    let callerIsLoop = Atomic<Bool>(true)

    func start(sink: any IOEventSink) {}
    func register(fd: Int32, interest: IOEvents) { interests.withLock { $0[fd] = interest } }
    func setInterest(fd: Int32, interest: IOEvents) { interests.withLock { $0[fd] = interest } }
    func deregisterAndClose(fd: Int32, ops: any SocketOps) {
        interests.withLock { $0[fd] = nil }
        ops.close(fd)
    }
    func execute(_ task: @escaping @Sendable () -> Void) { pending.withLock { $0.append(task) } }
    var inLoop: Bool { callerIsLoop.load(ordering: .relaxed) }
    func assertInLoop(file: StaticString, line: UInt) {}
    func stop() {}

    func interest(_ fd: Int32) -> IOEvents? { interests.withLock { $0[fd] } }

    /// Runs what other threads handed to the loop.
    func runPending() {
        let tasks = pending.withLock { q -> [@Sendable () -> Void] in
            let t = q
            q.removeAll()
            return t
        }
        for t in tasks { t() }
    }
}

/// Sockets in memory. Per descriptor: what the client sent and we have not read, what we sent,
/// and how many more bytes the "kernel" accepts before `send` would block (the client's
/// reading, in effect).
final class FakeSockets: SocketOps, Sendable {
    struct Peer {
        var inbound: [UInt8] = []
        var inboundEOF = false
        var outbound: [UInt8] = []
        var sendWindow = Int.max
        var writeShutdown = false
        var closed = false
    }

    let peers = Mutex<[Int32: Peer]>([:])
    /// What `accept` returns, in order; `.wouldBlock` once empty.
    let acceptResults = Mutex<[AcceptResult]>([])
    let acceptCalls = Atomic<Int>(0)
    let reserveAvailable = Atomic<Bool>(true)
    let nextReserve = Atomic<Int32>(900)
    let openReserves = Mutex<Set<Int32>>([])

    func peer(_ fd: Int32) -> Peer { peers.withLock { $0[fd] ?? Peer() } }
    func update(_ fd: Int32, _ body: (inout Peer) -> Void) { peers.withLock { body(&$0[fd, default: Peer()]) } }

    func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        peers.withLock { all -> IOResult in
            var p = all[fd, default: Peer()]
            defer { all[fd] = p }
            if p.inbound.isEmpty { return p.inboundEOF ? .endOfStream : .wouldBlock }
            let n = min(buffer.count, p.inbound.count)
            p.inbound.withUnsafeBytes { buffer.baseAddress?.copyMemory(from: $0.baseAddress!, byteCount: n) }
            p.inbound.removeFirst(n)
            return .bytes(n)
        }
    }

    func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> IOResult {
        peers.withLock { all -> IOResult in
            var p = all[fd, default: Peer()]
            defer { all[fd] = p }
            if p.closed || p.writeShutdown { return .failed(32) }  // EPIPE
            let n = min(bytes.count, p.sendWindow)
            if n == 0 { return .wouldBlock }
            p.outbound.append(contentsOf: bytes[0..<n])
            if p.sendWindow != Int.max { p.sendWindow -= n }
            return .bytes(n)
        }
    }

    func shutdownWrite(_ fd: Int32) { update(fd) { $0.writeShutdown = true } }

    func close(_ fd: Int32) {
        if openReserves.withLock({ $0.remove(fd) != nil }) { return }
        update(fd) { $0.closed = true }
    }

    func accept(_ listener: Int32) -> AcceptResult {
        acceptCalls.add(1, ordering: .relaxed)
        return acceptResults.withLock { $0.isEmpty ? .wouldBlock : $0.removeFirst() }
    }

    func openReserveDescriptor() -> Int32 {
        guard reserveAvailable.load(ordering: .relaxed) else { return -1 }
        let fd = nextReserve.add(1, ordering: .relaxed).newValue
        openReserves.withLock { _ = $0.insert(fd) }
        return fd
    }

    var reserveIsOpen: Bool { openReserves.withLock { !$0.isEmpty } }
}

/// A monotonic clock the test moves by hand.
final class FakeClock: Sendable {
    let millis = Atomic<Int64>(1_000_000)
    func read() -> Int64 { millis.load(ordering: .relaxed) }
    func advance(_ ms: Int64) { millis.add(ms, ordering: .relaxed) }
}

/// Answers by path: `/size/N` with N body bytes, `/hold` later (the test calls `release`),
/// anything else `{"ok":true}`. Counts what it was asked.
final class TestHandler: HTTPHandler, Sendable {
    let held = Mutex<[@Sendable (HTTPResponse) -> Void]>([])
    let seen = Mutex<[String]>([])

    func handle(_ request: HTTPRequest, requestID: String, respond: @escaping @Sendable (HTTPResponse) -> Void) {
        let path = request.head.target
        seen.withLock { $0.append(path) }
        if path == "/hold" {
            held.withLock { $0.append(respond) }
        } else if path.hasPrefix("/size/"), let n = Int(path.dropFirst(6)) {
            respond(HTTPResponse.json(200, [UInt8](repeating: UInt8(ascii: "x"), count: n)))
        } else {
            respond(.json(200, #"{"ok":true}"#))
        }
    }

    var requestCount: Int { seen.withLock { $0.count } }

    /// Answers the oldest held request with `body`.
    func releaseOne(_ body: String = #"{"held":true}"#) {
        let r = held.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        r?(.json(200, body))
    }
}
