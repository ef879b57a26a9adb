import CLinux
import Glibc
import HTTP1

/// One client connection. It lives on exactly one event loop and is only touched on that
/// loop's thread. Requests are served one at a time in arrival order, so pipelined requests
/// are answered in order (RFC 9112 §9.3.2) by construction: the next one is parsed only after
/// the previous response is queued.
final class Connection: @unchecked Sendable {
    // @unchecked: confined to `loop`'s thread. Other threads only capture it in a closure they
    // pass back to `loop.execute`, which runs on that thread.
    let fd: Int32
    unowned let loop: EventLoop
    private var parser: RequestParser
    private let config: ServerConfig

    private var writeBuffer: [UInt8] = []
    private var writeOffset = 0
    private var writeStartedAt: Int64 = 0
    private var interest: UInt32 = 0

    private var inFlight = false
    private var processing = false
    private var closeAfterWrite = false
    private var peerClosed = false
    private(set) var closed = false
    /// After a protocol error: the answer is written, our side is shut down, and we discard
    /// what the client still sends until it closes or `lingerDeadline` passes. Closing at once
    /// could turn the answer into a RST before the client reads it.
    private var lingering = false
    private var lingerDeadline: Int64 = 0

    private var lastReadAt: Int64
    private var requestStartedAt: Int64
    private var idleSince: Int64

    init(fd: Int32, loop: EventLoop) {
        self.fd = fd
        self.loop = loop
        self.config = loop.server.config
        self.parser = RequestParser(limits: loop.server.limits)
        lastReadAt = loop.now
        requestStartedAt = loop.now
        idleSince = loop.now
        interest = UInt32(PT_EPOLLIN) | UInt32(PT_EPOLLRDHUP)
    }

    /// Between requests, with nothing in flight and nothing left to write.
    var isIdle: Bool { !inFlight && writeOffset >= writeBuffer.count && parser.phase == .idle }

    // MARK: events

    func handle(events: UInt32) {
        if events & (UInt32(PT_EPOLLERR) | UInt32(PT_EPOLLHUP)) != 0 && events & UInt32(PT_EPOLLIN) == 0 {
            close()
            return
        }
        if events & UInt32(PT_EPOLLOUT) != 0 { flush() }
        if closed { return }
        if events & (UInt32(PT_EPOLLIN) | UInt32(PT_EPOLLRDHUP)) != 0 { readAvailable() }
    }

    private func readAvailable() {
        // Bounded reads per wakeup keep one busy client from starving the rest of the loop.
        for _ in 0..<4 {
            let n = loop.scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                if lingering { continue }
                let wasIdle = parser.phase == .idle
                loop.scratch.withUnsafeBytes { parser.append(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                lastReadAt = loop.now
                if wasIdle { requestStartedAt = loop.now }
                if n < loop.scratch.count { break }
            } else if n == 0 {
                peerClosed = true
                break
            } else {
                if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { break }
                close()
                return
            }
        }
        if lingering {
            if peerClosed { close() }
            return
        }
        processBuffered()
        if peerClosed && !inFlight && writeOffset >= writeBuffer.count { close() }
    }

    // MARK: requests

    /// Parses and serves buffered requests until one is in flight or more bytes are needed.
    private func processBuffered() {
        guard !processing else { return }
        processing = true
        defer { processing = false }
        while !closed && !inFlight && !closeAfterWrite && writeBuffer.count - writeOffset < 256 * 1024 {
            guard let event = parser.next() else { break }
            switch event {
            case .expectContinue:
                enqueue(ResponseSerializer.continueBytes)
            case .error(let e):
                refuse(e)
            case .request(let request):
                dispatch(request)
                requestStartedAt = loop.now
            }
        }
        flush()
        updateInterest()
    }

    private func dispatch(_ request: HTTPRequest) {
        inFlight = true
        let head = request.head
        let requestID = loop.requestID(for: head)
        let keepAlive = head.wantsKeepAlive
        let isHead = head.method == "HEAD"
        let http10 = head.version.minor == 0
        let loop = self.loop
        loop.server.handler.handle(request, requestID: requestID) { [self] response in
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
        guard inFlight, !closed else { return }
        inFlight = false
        let keep = keepAlive && !loop.server.isDraining && !peerClosed
        enqueue(ResponseSerializer.serialize(response, requestID: requestID, date: loop.dateString, keepAlive: keep,
                                             http10KeepAlive: http10 && keep, headOnly: isHead))
        if !keep { closeAfterWrite = true }
        idleSince = loop.now
        if processing {
            return  // answered synchronously: the parse loop in processBuffered continues.
        }
        processBuffered()
        if peerClosed && !inFlight && writeOffset >= writeBuffer.count && !closed { close() }
    }

    // MARK: writing

    private func enqueue(_ bytes: [UInt8]) {
        if writeOffset >= writeBuffer.count {
            writeBuffer = bytes
            writeOffset = 0
            writeStartedAt = loop.now
        } else {
            writeBuffer.append(contentsOf: bytes)
        }
    }

    /// Sends what is queued with one `send` per wakeup (the whole response is one buffer).
    private func flush() {
        while writeOffset < writeBuffer.count && !closed {
            let n = writeBuffer.withUnsafeBytes { p in
                send(fd, p.baseAddress.map { $0 + writeOffset }, p.count - writeOffset, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                writeOffset += n
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                break
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                close()
                return
            }
        }
        if writeOffset >= writeBuffer.count {
            if writeBuffer.count > 64 * 1024 { writeBuffer = [] } else { writeBuffer.removeAll(keepingCapacity: true) }
            writeOffset = 0
            if closeAfterWrite && !inFlight { finishAfterLastWrite() }
        }
        updateInterest()
    }

    private func finishAfterLastWrite() {
        if case .failed = parser.phase {
            // Lingering close: half-close, then drain briefly so the client reads our answer.
            guard !lingering else { return }
            lingering = true
            lingerDeadline = loop.now + 2000
            shutdown(fd, Int32(SHUT_WR))
            updateInterest()
        } else {
            close()
        }
    }

    private func updateInterest() {
        guard !closed else { return }
        var want: UInt32 = UInt32(PT_EPOLLRDHUP)
        let readCap = config.maxBodySize + config.maxHeaderBytes + 64 * 1024
        if lingering || (!closeAfterWrite && parser.bufferedByteCount < readCap) { want |= UInt32(PT_EPOLLIN) }
        if writeOffset < writeBuffer.count { want |= UInt32(PT_EPOLLOUT) }
        if want != interest {
            interest = want
            loop.modify(fd: fd, events: want)
        }
    }

    // MARK: timeouts

    func checkTimeouts() {
        guard !closed else { return }
        let now = loop.now
        if lingering {
            if now >= lingerDeadline { close() }
            return
        }
        if writeOffset < writeBuffer.count {
            if now - writeStartedAt > Int64(config.writeTimeoutMillis) { close() }
            return
        }
        if inFlight { return }
        switch parser.phase {
        case .idle:
            if loop.server.isDraining || now - idleSince > Int64(config.keepAliveTimeoutMillis) { close() }
        case .head:
            if now - requestStartedAt > Int64(config.headerTimeoutMillis) {
                timeout(HTTPParseError(408, "request_timeout", "The request header was not received in time"))
            }
        case .body:
            if now - lastReadAt > Int64(config.bodyIdleTimeoutMillis) {
                timeout(HTTPParseError(408, "request_timeout", "The request body stalled"))
            }
        case .failed:
            close()
        }
    }

    private func timeout(_ e: HTTPParseError) {
        refuse(e)
        flush()  // once written, finishAfterLastWrite closes the connection
    }

    /// Queues the answer to a refused or timed-out request; the connection closes after it.
    private func refuse(_ e: HTTPParseError) {
        enqueue(ResponseSerializer.serialize(e, requestID: loop.newRequestID(), date: loop.dateString))
        closeAfterWrite = true
    }

    func close() {
        guard !closed else { return }
        closed = true
        loop.remove(fd: fd)
        loop.forget(fd: fd)
        Glibc.close(fd)
        loop.server.connectionClosed()
    }
}
