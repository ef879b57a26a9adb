import HTTP1

/// The listening socket, on the loop that accepts. Accepts in bounded batches and hands each
/// socket to `ServerContext.place`. Out of descriptors it never spins: a level-triggered
/// listener with a connection queued reports it again at once, so EMFILE/ENFILE is answered by
/// (1) freeing a reserve descriptor, accepting one connection, answering it 503 and closing it
/// (as nginx and NIO do), and, if that cannot make progress, (2) pausing accept interest until
/// the next tick (at least `pauseMillis`).
final class Acceptor {
    // Confined to `loop` (created, used and closed there).
    let listenerFD: Int32
    private unowned let loop: EventLoop
    private var reserveFD: Int32
    private var pausedUntil: Int64?
    static let pauseMillis: Int64 = 100
    /// Connections accepted per readiness report, so one loop cannot starve its connections.
    static let batch = 64

    static let outOfDescriptors = HTTPParseError(503, "out_of_file_descriptors",
                                                 "The server is out of file descriptors; retry later")

    init(listenerFD: Int32, loop: EventLoop) {
        self.listenerFD = listenerFD
        self.loop = loop
        reserveFD = loop.ops.openReserveDescriptor()
        loop.backend.register(fd: listenerFD, interest: .readable)
    }

    func acceptReady() {
        loop.assertInLoop()
        guard pausedUntil == nil else { return }
        for _ in 0..<Self.batch {
            switch loop.ops.accept(listenerFD) {
            case .accepted(let fd):
                loop.server.place(fd: fd, from: loop)
            case .wouldBlock:
                return
            case .skipped:
                continue
            case .outOfDescriptors:
                switch refuseOneWithReserve() {
                case .refused: continue
                case .nothingQueued: return
                case .stuck: pause(); return
                }
            case .failed:
                pause()
                return
            }
        }
    }

    private enum ReserveOutcome { case refused, nothingQueued, stuck }

    /// Frees the reserve descriptor, accepts one connection with it, answers 503 and closes it,
    /// and takes the reserve back.
    private func refuseOneWithReserve() -> ReserveOutcome {
        guard reserveFD >= 0 else { return .stuck }
        loop.ops.close(reserveFD)
        let result = loop.ops.accept(listenerFD)
        if case .accepted(let fd) = result { loop.refuseAtOnce(fd: fd, Self.outOfDescriptors) }
        reserveFD = loop.ops.openReserveDescriptor()
        switch result {
        case .accepted, .skipped: return reserveFD >= 0 ? .refused : .stuck
        case .wouldBlock: return .nothingQueued
        case .outOfDescriptors, .failed: return .stuck  // ENFILE: even the freed slot went elsewhere
        }
    }

    private func pause() {
        pausedUntil = loop.now + Self.pauseMillis
        loop.backend.setInterest(fd: listenerFD, interest: [])
    }

    /// On every tick: resume accepting after a pause, and take back a reserve that could not
    /// be reopened.
    func tick() {
        if reserveFD < 0 { reserveFD = loop.ops.openReserveDescriptor() }
        if let until = pausedUntil, loop.now >= until {
            pausedUntil = nil
            loop.backend.setInterest(fd: listenerFD, interest: .readable)
        }
    }

    func close() {
        loop.backend.deregisterAndClose(fd: listenerFD, ops: loop.ops)
        if reserveFD >= 0 { loop.ops.close(reserveFD) }
        reserveFD = -1
    }
}
