#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import Testing
@testable import Server

/// The Dispatch backend on a real socket pair: events arrive on its queue, interest changes
/// keep libdispatch's suspend/resume balanced (an imbalance would trap), and the descriptor is
/// closed only once its sources are cancelled, whatever state they were in.
@Suite struct DispatchBackendTests {
    final class RecordingSink: IOEventSink, Sendable {
        let events = Mutex<[(Int32, IOEvents)]>([])
        let ticks = Atomic<Int>(0)
        let offQueue = Atomic<Int>(0)
        let backend: Mutex<DispatchBackend?> = Mutex(nil)
        func ioBatchBegins() {}
        func ioReady(fd: Int32, events e: IOEvents) {
            if backend.withLock({ $0?.inLoop }) != true { offQueue.add(1, ordering: .relaxed) }
            events.withLock { $0.append((fd, e)) }
        }
        func ioTick() { ticks.add(1, ordering: .relaxed) }
        func saw(_ fd: Int32, _ e: IOEvents) -> Bool { events.withLock { $0.contains { $0.0 == fd && $0.1.contains(e) } } }
        func clear() { events.withLock { $0.removeAll() } }
    }

    final class RecordingOps: SocketOps, Sendable {
        let closed = Mutex<[Int32]>([])
        let real = PosixSocketOps()
        func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> IOResult { real.receive(fd, into: buffer) }
        func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> IOResult { real.send(fd, bytes) }
        func shutdownWrite(_ fd: Int32) { real.shutdownWrite(fd) }
        func close(_ fd: Int32) {
            closed.withLock { $0.append(fd) }
            real.close(fd)
        }
        func accept(_ listener: Int32) -> AcceptResult { real.accept(listener) }
        func openReserveDescriptor() -> Int32 { real.openReserveDescriptor() }
    }

    /// Polls `condition` for up to 5 s.
    func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<500 {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    func socketPair() -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        #if canImport(Glibc)
        let type = Int32(SOCK_STREAM.rawValue)
        #else
        let type = SOCK_STREAM
        #endif
        precondition(socketpair(AF_UNIX, type, 0, &fds) == 0)
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK) }
        return (fds[0], fds[1])
    }

    /// The identity of the open file `fd` names (device and inode), or nil if `fd` is closed.
    func identity(_ fd: Int32) -> (UInt64, UInt64)? {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        return (UInt64(st.st_dev), UInt64(st.st_ino))
    }

    /// True while `fd` still names the socket it named when `was` was taken. Tests run in
    /// parallel, so once closed the number may already name another test's file: the number
    /// alone (`fcntl(F_GETFD)`) cannot tell.
    func stillOpen(_ fd: Int32, was: (UInt64, UInt64)?) -> Bool {
        guard let now = identity(fd), let was else { return false }
        return now == was
    }

    @Test func eventsTicksAndTheCloseAfterCancel() {
        let backend = DispatchBackend(name: "test-io")
        let sink = RecordingSink()
        sink.backend.withLock { $0 = backend }
        let ops = RecordingOps()
        backend.start(sink: sink)
        let (ours, theirs) = socketPair()
        defer { Platform.closeDescriptor(theirs) }
        let oursIdentity = identity(ours)
        #expect(oursIdentity != nil)

        #expect(!backend.inLoop)
        let onQueue = Atomic<Bool>(false)
        backend.execute { onQueue.store(backend.inLoop, ordering: .relaxed) }
        #expect(eventually { onQueue.load(ordering: .relaxed) })

        backend.execute { backend.register(fd: ours, interest: .readable) }
        _ = write(theirs, "x", 1)
        #expect(eventually { sink.saw(ours, .readable) })

        // Writable interest: the write source is made and runs; dropping it suspends it.
        backend.execute { backend.setInterest(fd: ours, interest: [.readable, .writable]) }
        #expect(eventually { sink.saw(ours, .writable) })
        backend.execute { backend.setInterest(fd: ours, interest: []) }
        backend.execute { backend.setInterest(fd: ours, interest: []) }  // twice: no double suspend
        backend.execute { backend.setInterest(fd: ours, interest: .writable) }
        backend.execute { backend.setInterest(fd: ours, interest: []) }

        // Both sources suspended: cancelling must still run their cancel handlers and close.
        backend.execute { backend.deregisterAndClose(fd: ours, ops: ops) }
        #expect(eventually { ops.closed.withLock { $0 } == [ours] })
        #expect(!stillOpen(ours, was: oursIdentity))
        #expect(sink.offQueue.load(ordering: .relaxed) == 0, "every event came on the loop's queue")
        #expect(eventually { sink.ticks.load(ordering: .relaxed) >= 1 }, "the 250 ms timer ticks")
        backend.execute { backend.stop() }
    }

    @Test func aDescriptorNeverWatchedIsStillClosedOnDeregister() {
        // Registered with no interest: its read source was never activated.
        let backend = DispatchBackend(name: "test-io-2")
        let sink = RecordingSink()
        let ops = RecordingOps()
        backend.start(sink: sink)
        let (ours, theirs) = socketPair()
        defer { Platform.closeDescriptor(theirs) }
        backend.execute {
            backend.register(fd: ours, interest: [])
            backend.deregisterAndClose(fd: ours, ops: ops)
        }
        #expect(eventually { ops.closed.withLock { $0 } == [ours] })
        #expect(sink.events.withLock { $0.isEmpty })
        backend.execute { backend.stop() }
    }

    @Test func noEventAfterDeregister() {
        let backend = DispatchBackend(name: "test-io-3")
        let sink = RecordingSink()
        let ops = RecordingOps()
        backend.start(sink: sink)
        let (ours, theirs) = socketPair()
        defer { Platform.closeDescriptor(theirs) }
        backend.execute { backend.register(fd: ours, interest: [.readable, .writable]) }
        #expect(eventually { sink.saw(ours, .writable) })
        backend.execute {
            backend.deregisterAndClose(fd: ours, ops: ops)
            sink.clear()
        }
        _ = write(theirs, "x", 1)
        #expect(eventually { ops.closed.withLock { $0 } == [ours] })
        usleep(100_000)
        #expect(sink.events.withLock { $0.isEmpty })
        backend.execute { backend.stop() }
    }
}
