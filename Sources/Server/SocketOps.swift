#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one non-blocking socket call did. EINTR is retried inside the call and never surfaces.
enum IOResult: Equatable, Sendable {
    /// This many bytes (> 0) moved.
    case bytes(Int)
    /// `recv` saw the peer's FIN (0 bytes).
    case endOfStream
    /// EAGAIN/EWOULDBLOCK: try again when the backend reports readiness.
    case wouldBlock
    /// Any other error (ECONNRESET, EPIPE, ...): the connection is finished.
    case failed(Int32)
}

/// What `accept` did.
enum AcceptResult: Equatable, Sendable {
    case accepted(Int32)
    case wouldBlock
    /// EMFILE/ENFILE: the process or the system is out of descriptors. The connection stays in
    /// the kernel's queue, so a level-triggered listener would report it again at once.
    case outOfDescriptors
    /// ECONNABORTED and the like: that one connection is gone; try the next.
    case skipped
    /// ENOBUFS, ENOMEM, ...: back off.
    case failed(Int32)
}

/// The socket calls the event loop and its connections make, behind a seam so that tests
/// drive `Connection` with a fake (Tests/ServerTests), the way NIO tests handlers on
/// EmbeddedChannel. `PosixSocketOps` is the real thing.
protocol SocketOps: Sendable {
    func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> IOResult
    func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> IOResult
    /// Half-close: our side is done sending (the lingering close after an error answer).
    func shutdownWrite(_ fd: Int32)
    func close(_ fd: Int32)
    func accept(_ listener: Int32) -> AcceptResult
    /// A spare descriptor held so that, out of descriptors, one can be freed to accept and
    /// refuse a connection (nginx and NIO do the same). -1 if it cannot be opened.
    func openReserveDescriptor() -> Int32
}

/// The real socket calls.
struct PosixSocketOps: SocketOps {
    func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        while true {
            let n = recv(fd, buffer.baseAddress, buffer.count, 0)
            if n > 0 { return .bytes(n) }
            if n == 0 { return .endOfStream }
            let e = errno
            if e == EINTR { continue }
            return e == EAGAIN || e == EWOULDBLOCK ? .wouldBlock : .failed(e)
        }
    }

    func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> IOResult {
        while true {
            let n = sendBytes(fd, bytes)
            if n >= 0 { return n > 0 ? .bytes(n) : .wouldBlock }
            let e = errno
            if e == EINTR { continue }
            return e == EAGAIN || e == EWOULDBLOCK ? .wouldBlock : .failed(e)
        }
    }

    private func sendBytes(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        #if canImport(Glibc)
        return Glibc.send(fd, bytes.baseAddress, bytes.count, Platform.sendFlags)
        #else
        return Darwin.send(fd, bytes.baseAddress, bytes.count, Platform.sendFlags)
        #endif
    }

    func shutdownWrite(_ fd: Int32) {
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    func close(_ fd: Int32) {
        Platform.closeDescriptor(fd)
    }

    func accept(_ listener: Int32) -> AcceptResult {
        while true {
            let fd = Platform.accept(listener)
            if fd >= 0 {
                Platform.configureAccepted(fd)
                return .accepted(fd)
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case EMFILE, ENFILE: return .outOfDescriptors
            case ECONNABORTED, EPROTO, EPERM: return .skipped
            case let e: return .failed(e)
            }
        }
    }

    func openReserveDescriptor() -> Int32 {
        open("/dev/null", O_RDONLY | O_CLOEXEC)
    }
}
