import HTTP1
@testable import Server

/// One event loop driven by hand: a fake backend, fake sockets, a fake clock and a test handler.
/// Connections are placed through `ServerContext.place`, as the acceptor does.
final class Harness {
    let backend = FakeBackend()
    let sockets = FakeSockets()
    let clock = FakeClock()
    let handler = TestHandler()
    let context: ServerContext
    let loop: EventLoop

    init(_ configure: (inout ServerConfig) -> Void = { _ in }) {
        var config = ServerConfig()
        configure(&config)
        context = ServerContext(config: config, handler: handler)
        let clock = self.clock
        loop = EventLoop(index: 0, server: context, backend: backend, ops: sockets, clock: { clock.read() })
        context.loops.withLock { $0 = [loop] }
        loop.ioBatchBegins()
    }

    /// A new client connection on descriptor `fd`.
    @discardableResult
    func connect(_ fd: Int32 = 7) -> Int32 {
        context.place(fd: fd, from: loop)
        return fd
    }

    /// The client sends `text` (then the loop runs until nothing is ready).
    func send(_ text: String, on fd: Int32 = 7) { send(Array(text.utf8), on: fd) }

    func send(_ bytes: [UInt8], on fd: Int32 = 7) {
        sockets.update(fd) { $0.inbound.append(contentsOf: bytes) }
        pump()
    }

    /// The client shuts down its sending side.
    func clientHalfCloses(_ fd: Int32 = 7) {
        sockets.update(fd) { $0.inboundEOF = true }
        pump()
    }

    /// The client reads: `bytes` more may be sent (nil: without limit).
    func clientReads(_ bytes: Int?, on fd: Int32 = 7) {
        sockets.update(fd) { $0.sendWindow = bytes.map { $0 } ?? Int.max }
        pump()
    }

    /// Delivers readiness like a level-triggered backend until nothing is ready: readable while
    /// the interest has it and bytes (or the FIN) wait; writable while it is asked for and the
    /// window is open. Bounded, so a livelock fails the test instead of hanging it.
    func pump(maxRounds: Int = 100_000) {
        for _ in 0..<maxRounds {
            backend.runPending()
            var delivered = false
            let interests = backend.interests.withLock { $0 }
            for (fd, interest) in interests.sorted(by: { $0.key < $1.key }) {
                let p = sockets.peer(fd)
                var events: IOEvents = []
                if interest.contains(.readable) && (!p.inbound.isEmpty || p.inboundEOF) { events.insert(.readable) }
                if interest.contains(.writable) && p.sendWindow > 0 { events.insert(.writable) }
                if !events.isEmpty {
                    loop.ioBatchBegins()
                    loop.ioReady(fd: fd, events: events)
                    delivered = true
                }
            }
            if !delivered && backend.pending.withLock({ $0.isEmpty }) { return }
        }
        preconditionFailure("pump: the loop never settled")
    }

    /// Moves the clock and runs one timeout sweep (then whatever became ready).
    func advance(millis: Int64) {
        clock.advance(millis)
        loop.ioBatchBegins()
        loop.ioTick()
        pump()
    }

    /// Moves the clock in tick-sized steps, sweeping at each, as the real loop does.
    func elapse(millis: Int64) {
        var left = millis
        while left > 0 {
            let step = min(left, IOBackendTiming.tickMillis)
            advance(millis: step)
            left -= step
        }
    }

    func isOpen(_ fd: Int32 = 7) -> Bool { loop.connections[fd] != nil }
    func socketClosed(_ fd: Int32 = 7) -> Bool { sockets.peer(fd).closed }

    /// Everything the server sent on `fd`, as responses (consumed: the next call returns only newer ones).
    func responses(_ fd: Int32 = 7) -> [WireResponse] {
        var out: [WireResponse] = []
        sockets.update(fd) { p in
            var bytes = p.outbound[...]
            while let (r, rest) = WireResponse.parse(bytes) {
                out.append(r)
                bytes = rest
            }
            p.outbound = Array(bytes)
        }
        return out
    }
}

/// One response read back from the bytes the server wrote.
struct WireResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// A complete response at the start of `bytes` and what follows it, or nil if incomplete.
    static func parse(_ bytes: ArraySlice<UInt8>) -> (WireResponse, ArraySlice<UInt8>)? {
        let crlfcrlf: [UInt8] = [13, 10, 13, 10]
        guard bytes.count >= 4 else { return nil }
        var headEnd: Int?
        var i = bytes.startIndex
        while i + 3 < bytes.endIndex {
            if bytes[i] == 13 && Array(bytes[i..<(i + 4)]) == crlfcrlf { headEnd = i; break }
            i += 1
        }
        guard let end = headEnd else { return nil }
        // "\r\n" is one Character (a grapheme cluster), so this splits on CRLF.
        let lines = String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self).split(separator: "\r\n")
        guard let statusLine = lines.first else { return nil }
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
        var headers: [(String, String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            var value = line[line.index(after: colon)...]
            while value.first == " " { value = value.dropFirst() }
            headers.append((String(line[..<colon]), String(value)))
        }
        let length = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? 0
        let bodyStart = end + 4
        guard bytes.endIndex - bodyStart >= length else { return nil }
        let r = WireResponse(status: status, headers: headers, body: Array(bytes[bodyStart..<(bodyStart + length)]))
        return (r, bytes[(bodyStart + length)...])
    }
}

/// A GET with optional extra header lines.
func get(_ target: String = "/", _ headers: [String] = []) -> String {
    "GET \(target) HTTP/1.1\r\nHost: t\r\n" + headers.map { $0 + "\r\n" }.joined() + "\r\n"
}
