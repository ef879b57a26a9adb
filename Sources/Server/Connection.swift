import HTTP1

/// One client connection. It lives on exactly one event loop and is only touched there.
/// Requests are served one at a time in arrival order, so pipelined requests are answered in
/// order (RFC 9112 §9.3.2) by construction: the next one is parsed only after the previous
/// response is queued.
///
/// Backpressure: while more than `maxUnsentBytesPerConnection` of responses wait to be sent
/// (or the process is over `maxUnsentBytes` and this connection holds unsent bytes), further
/// requests stay in the parser's buffer, unparsed; reading stops soon after. Every flush that
/// makes room resumes parsing, so a request that was received is always answered.
final class Connection: @unchecked Sendable {
    // @unchecked: owned by `loop` (its thread or queue). Other threads only capture it in the
    // closure they pass to `loop.execute`, which runs there. Entry points assert it in debug builds.
    let fd: Int32
    unowned let loop: EventLoop
    private let server: ServerContext
    private let config: ServerConfig
    private var parser: RequestParser
    /// Admitted past --max-connections into the admin reserve: only `reservedPathPrefix` is served.
    let reserved: Bool

    private var writeBuffer: [UInt8] = []
    private var writeOffset = 0
    private var lastWriteProgressAt: Int64 = 0
    /// This connection's part of `server.unsentBytes` (updated after each send attempt).
    private var accountedUnsent = 0
    private var interest: IOEvents = .readable

    private var inFlight = false
    private var processing = false
    private var closeAfterWrite = false
    /// The connection closes because we refused something (an error, a timeout, the reserve):
    /// the client may still be sending, so the close lingers.
    private var refused = false
    private var peerClosed = false
    private(set) var closed = false
    /// After a refusal: the answer is written, our side is shut down, and we discard what the
    /// client still sends until it closes or `lingerDeadline` passes. Closing at once could
    /// turn the answer into a reset before the client reads it.
    private var lingering = false
    private var lingerDeadline: Int64 = 0
    /// Parsing was held back by us (a request in flight, or too many unsent bytes). Buffered
    /// bytes of the next request then wait on us, not on the client, so when parsing resumes
    /// that request's header and body clocks start afresh.
    private var heldBack = false

    private var lastReadAt: Int64
    private var requestStartedAt: Int64
    private var bodyStartedAt: Int64 = -1
    private var idleSince: Int64

    /// How long the client gets to read our answer before a refused connection closes.
    static let lingerMillis: Int64 = 2000
    /// The answer to a non-reserved path on an admin-reserve connection.
    static let reservedOnly = HTTPParseError(503, "too_many_connections",
                                             "The server is at its connection limit; only /_polytask/ is served")

    init(fd: Int32, loop: EventLoop, reserved: Bool = false) {
        self.fd = fd
        self.loop = loop
        self.server = loop.server
        self.config = loop.server.config
        self.reserved = reserved
        self.parser = RequestParser(limits: loop.server.limits)
        lastReadAt = loop.now
        requestStartedAt = loop.now
        idleSince = loop.now
    }

    /// Response bytes queued and not yet accepted by the kernel.
    var unsent: Int { writeBuffer.count - writeOffset }

    /// Between requests, with nothing in flight and nothing left to write.
    var isIdle: Bool { !inFlight && unsent == 0 && parser.phase == .idle }

    // MARK: events

    func handle(_ events: IOEvents) {
        loop.assertInLoop()
        if events.contains(.error) && !events.contains(.readable) {
            close()
            return
        }
        if events.contains(.writable) {
            flush()
            if closed { return }
        }
        if events.contains(.readable) || events.contains(.readHangup) {
            readAvailable()
        } else {
            processBuffered()  // the flush may have made room for requests held back
        }
    }

    private func readAvailable() {
        // Bounded reads per wakeup keep one busy client from starving the rest of the loop.
        reading: for _ in 0..<4 {
            let result = loop.scratch.withUnsafeMutableBytes { loop.ops.receive(fd, into: $0) }
            switch result {
            case .bytes(let n):
                if lingering { continue }
                let wasIdle = parser.phase == .idle
                loop.scratch.withUnsafeBytes { parser.append(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                lastReadAt = loop.now
                if wasIdle { requestStartedAt = loop.now }
                if n < loop.scratch.count { break reading }
            case .endOfStream:
                peerClosed = true
                break reading
            case .wouldBlock:
                break reading
            case .failed:
                close()
                return
            }
        }
        if lingering {
            if peerClosed { close() }
            return
        }
        processBuffered()
    }

    // MARK: requests

    /// May another request be parsed, as far as unsent bytes go?
    private func mayQueueMore() -> Bool {
        let u = unsent
        if u == 0 { return true }  // nothing queued: one more response is always allowed
        if u >= config.maxUnsentBytesPerConnection { return false }
        return server.unsentBytes + (u - accountedUnsent) <= config.maxUnsentBytes
    }

    /// Parses and serves buffered requests until one is in flight, more bytes are needed, or
    /// too many response bytes wait to be sent; then sends and updates the interest.
    private func processBuffered() {
        guard !processing, !closed, !lingering else { return }
        processing = true
        while !closed && !closeAfterWrite {
            if inFlight {
                heldBack = true
                break
            }
            if !mayQueueMore() {
                flush()
                if closed || !mayQueueMore() {
                    heldBack = true
                    break
                }
            }
            if heldBack {
                heldBack = false
                requestStartedAt = loop.now
                lastReadAt = loop.now
                if bodyStartedAt >= 0 { bodyStartedAt = loop.now }
            }
            guard let event = parser.next() else { break }
            switch event {
            case .expectContinue:
                enqueue(ResponseSerializer.continueBytes)
            case .error(let e):
                refuse(e)
            case .request(let request):
                bodyStartedAt = -1
                dispatch(request)
                requestStartedAt = loop.now
            }
        }
        processing = false
        if !closed && bodyStartedAt < 0 && parser.phase == .body { bodyStartedAt = loop.now }
        flush()
        if closed || lingering { return }
        if peerClosed && !inFlight && unsent == 0 {
            close()  // the client sent its last byte and has every answer
            return
        }
        updateInterest()
    }

    private func dispatch(_ request: HTTPRequest) {
        let head = request.head
        let requestID = loop.requestID(for: head)
        if reserved && !head.target.hasPrefix(config.reservedPathPrefix) {
            refuse(Self.reservedOnly, requestID: requestID)
            return
        }
        inFlight = true
        let keepAlive = head.wantsKeepAlive
        let isHead = head.method == "HEAD"
        let http10 = head.version.minor == 0
        let loop = self.loop
        server.handler.handle(request, requestID: requestID) { [self] response in
            if loop.inLoop {
                self.complete(response, requestID: requestID, keepAlive: keepAlive, isHead: isHead, http10: http10)
            } else {
                loop.execute {
                    self.complete(response, requestID: requestID, keepAlive: keepAlive, isHead: isHead, http10: http10)
                }
            }
        }
    }

    private func complete(_ response: HTTPResponse, requestID: String, keepAlive: Bool, isHead: Bool, http10: Bool) {
        loop.assertInLoop()
        guard inFlight, !closed else { return }
        inFlight = false
        let keep = keepAlive && !server.isDraining
        switch response.delivery {
        case .normal:
            enqueue(ResponseSerializer.serialize(response, requestID: requestID, date: loop.dateString, keepAlive: keep,
                                                 http10KeepAlive: http10 && keep, headOnly: isHead))
            if !keep { closeAfterWrite = true }
        case .drop:
            // An injected fault: the answers queued before this one go out, this one never
            // does, and the connection closes (WireMock's EMPTY_RESPONSE).
            closeAfterWrite = true
        case .truncate(let n):
            // An injected fault: the first n bytes of the answer, then the connection closes.
            let bytes = ResponseSerializer.serialize(response, requestID: requestID, date: loop.dateString, keepAlive: false,
                                                     http10KeepAlive: false, headOnly: isHead)
            enqueue(Array(bytes.prefix(max(0, n))))
            closeAfterWrite = true
        }
        idleSince = loop.now
        if processing {
            return  // answered synchronously: the parse loop in processBuffered continues.
        }
        processBuffered()
    }

    // MARK: writing

    private func enqueue(_ bytes: [UInt8]) {
        if unsent == 0 {
            writeBuffer = bytes
            writeOffset = 0
            lastWriteProgressAt = loop.now
        } else {
            // Drop what was sent before growing the queue, so that a connection that never
            // drains completely (steady pipelining) does not keep every byte it ever sent.
            if writeOffset >= 64 * 1024 || writeOffset * 2 >= writeBuffer.count {
                writeBuffer.removeSubrange(0..<writeOffset)
                writeOffset = 0
            }
            writeBuffer.append(contentsOf: bytes)
        }
    }

    /// Sends what is queued until the kernel takes no more; a response is one buffer, so
    /// usually one `send`.
    private func flush() {
        sending: while unsent > 0 && !closed {
            let result = writeBuffer.withUnsafeBytes { loop.ops.send(fd, UnsafeRawBufferPointer(rebasing: $0[writeOffset...])) }
            switch result {
            case .bytes(let n):
                writeOffset += n
                lastWriteProgressAt = loop.now
            case .wouldBlock:
                break sending
            case .endOfStream, .failed:
                close()
                return
            }
        }
        if unsent == 0 {
            if writeBuffer.count > 64 * 1024 { writeBuffer = [] } else { writeBuffer.removeAll(keepingCapacity: true) }
            writeOffset = 0
        }
        let delta = unsent - accountedUnsent
        if delta != 0 {
            server.addUnsent(delta)
            accountedUnsent += delta
        }
        if unsent == 0 && closeAfterWrite && !inFlight { finishAfterLastWrite() }
    }

    private func finishAfterLastWrite() {
        guard !lingering else { return }
        if !peerClosed && (refused || parser.bufferedByteCount > 0) {
            // Lingering close: half-close, then drain briefly so the client reads our answer.
            lingering = true
            lingerDeadline = loop.now + Self.lingerMillis
            loop.ops.shutdownWrite(fd)
            updateInterest()
        } else {
            close()
        }
    }

    private func updateInterest() {
        guard !closed else { return }
        var want: IOEvents = []
        if lingering {
            want = .readable
        } else {
            if !peerClosed && !closeAfterWrite && parser.bufferedByteCount < readLimit { want.insert(.readable) }
            if unsent > 0 { want.insert(.writable) }
        }
        if want != interest {
            interest = want
            loop.backend.setInterest(fd: fd, interest: want)
        }
    }

    /// Bytes the parser may hold before reading pauses. While parsing goes on, a whole request
    /// (head and the largest body) must fit; while we hold parsing back, one more head is
    /// plenty, and the rest waits in the kernel (TCP flow control).
    private var readLimit: Int {
        if inFlight || heldBack { return config.maxRequestLine + config.maxHeaderBytes }
        return config.maxBodySize + config.maxHeaderBytes + 64 * 1024
    }

    // MARK: timeouts

    /// The 250 ms sweep: header, body-idle, body, keep-alive, write and linger timeouts.
    func checkTimeouts() {
        loop.assertInLoop()
        guard !closed else { return }
        let now = loop.now
        if lingering {
            if now >= lingerDeadline { close() }
            return
        }
        if unsent > 0 {
            if now - lastWriteProgressAt > Int64(config.writeTimeoutMillis) { close() }
            return
        }
        if inFlight { return }
        switch parser.phase {
        case .idle:
            if server.isDraining || now - idleSince > Int64(config.keepAliveTimeoutMillis) { close() }
        case .head:
            if now - requestStartedAt > Int64(config.headerTimeoutMillis) {
                timeout(HTTPParseError(408, "request_timeout", "The request header was not received in time"))
            }
        case .body:
            if now - lastReadAt > Int64(config.bodyIdleTimeoutMillis) {
                timeout(HTTPParseError(408, "request_timeout", "The request body stalled"))
            } else if bodyStartedAt >= 0 && now - bodyStartedAt > Int64(config.bodyTimeoutMillis) {
                timeout(HTTPParseError(408, "request_timeout", "The request body was not received in time"))
            }
        case .failed:
            close()
        }
    }

    private func timeout(_ e: HTTPParseError) {
        refuse(e)
        flush()  // once written, finishAfterLastWrite closes (lingering) the connection
        updateInterest()
    }

    /// Queues the answer to a refused or timed-out request; the connection closes after it.
    private func refuse(_ e: HTTPParseError, requestID: String? = nil) {
        let id = requestID ?? loop.newRequestID()
        if e.target != nil, let shaped = server.handler.refusal(for: e) {
            // In the error shape of the vendor that owns the path (its stack would answer).
            enqueue(ResponseSerializer.serialize(shaped, requestID: id, date: loop.dateString, keepAlive: false,
                                                 http10KeepAlive: false, headOnly: false))
        } else {
            enqueue(ResponseSerializer.serialize(e, requestID: id, date: loop.dateString))
        }
        closeAfterWrite = true
        refused = true
    }

    func close() {
        loop.assertInLoop()
        guard !closed else { return }
        closed = true
        if accountedUnsent != 0 {
            server.addUnsent(-accountedUnsent)
            accountedUnsent = 0
        }
        writeBuffer = []
        writeOffset = 0
        loop.release(self)
    }
}
