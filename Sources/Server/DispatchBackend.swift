import Dispatch

/// The portable backend: one serial DispatchQueue per loop; per socket a read source and a
/// write source on that queue; a timer source for the tick. `execute` is `queue.async`.
///
/// libdispatch is strict about source lifecycles, and these rules are kept here and only here:
/// - activate/suspend/resume stay balanced (`SourceSwitch`): resuming a running source traps,
///   and releasing a suspended or never-activated one traps too;
/// - a source is cancelled while running (a suspended one is resumed after `cancel`, an
///   inactive one activated), so its cancel handler always runs;
/// - the descriptor is closed only in the last cancel handler of its sources, when libdispatch
///   no longer watches it: closing earlier could let a new connection reuse the number while
///   an old source still refers to it;
/// - the write source exists only once bytes were queued, and runs only while they are.
final class DispatchBackend: IOBackend, @unchecked Sendable {
    // @unchecked: `queue`, `key` and `name` are immutable; `registrations`, `timer` and `sink`
    // are touched only on `queue` (asserted in debug builds). The sources' handlers hold the
    // backend unowned: a backend lives as long as its loop, and loops live as long as the process.
    let queue: DispatchQueue
    private let key = DispatchSpecificKey<UInt8>()
    private let name: String
    private var registrations: [Int32: Registration] = [:]
    private var timer: (any DispatchSourceTimer)?
    private var sink: (any IOEventSink)?

    init(name: String) {
        self.name = name
        queue = DispatchQueue(label: name)
        queue.setSpecific(key: key, value: 1)
    }

    func start(sink: any IOEventSink) {
        queue.async { [self] in
            self.sink = sink
            let t = DispatchSource.makeTimerSource(queue: queue)
            let tick = DispatchTimeInterval.milliseconds(Int(IOBackendTiming.tickMillis))
            t.schedule(deadline: .now() + tick, repeating: tick, leeway: .milliseconds(20))
            t.setEventHandler { [unowned self] in
                guard let sink = self.sink else { return }
                sink.ioBatchBegins()
                sink.ioTick()
            }
            t.activate()
            timer = t
        }
    }

    var inLoop: Bool { DispatchQueue.getSpecific(key: key) != nil }

    func assertInLoop(file: StaticString, line: UInt) {
        assert({ dispatchPrecondition(condition: .onQueue(queue)); return true }(), file: file, line: line)
    }

    func execute(_ task: @escaping @Sendable () -> Void) {
        queue.async(execute: task)
    }

    // MARK: registration

    func register(fd: Int32, interest: IOEvents) {
        assertInLoop(file: #file, line: #line)
        precondition(registrations[fd] == nil, "\(name): fd \(fd) registered twice")
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { [unowned self] in self.deliver(fd, .readable) }
        let reg = Registration(fd: fd, read: SourceSwitch(source))
        registrations[fd] = reg
        apply(interest, to: reg)
    }

    func setInterest(fd: Int32, interest: IOEvents) {
        assertInLoop(file: #file, line: #line)
        guard let reg = registrations[fd] else { return }
        apply(interest, to: reg)
    }

    private func apply(_ interest: IOEvents, to reg: Registration) {
        reg.read.set(interest.contains(.readable))
        if interest.contains(.writable) {
            if reg.write == nil {
                let fd = reg.fd
                let source = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: queue)
                source.setEventHandler { [unowned self] in self.deliver(fd, .writable) }
                reg.write = SourceSwitch(source)
            }
            reg.write?.set(true)
        } else {
            reg.write?.set(false)
        }
    }

    func deregisterAndClose(fd: Int32, ops: any SocketOps) {
        assertInLoop(file: #file, line: #line)
        guard let reg = registrations.removeValue(forKey: fd) else {
            ops.close(fd)
            return
        }
        // Both cancel handlers run on `queue`, so the countdown needs no lock.
        var remaining = reg.write == nil ? 1 : 2
        let done = {
            remaining -= 1
            if remaining == 0 { ops.close(fd) }
        }
        reg.read.cancel(then: done)
        reg.write?.cancel(then: done)
    }

    func stop() {
        assertInLoop(file: #file, line: #line)
        timer?.cancel()
        timer = nil
        sink = nil
    }

    private func deliver(_ fd: Int32, _ events: IOEvents) {
        guard let sink else { return }
        sink.ioBatchBegins()
        sink.ioReady(fd: fd, events: events)
    }
}

/// One descriptor's sources. Confined to the backend's queue.
private final class Registration {
    let fd: Int32
    let read: SourceSwitch
    var write: SourceSwitch?

    init(fd: Int32, read: SourceSwitch) {
        self.fd = fd
        self.read = read
    }
}

/// A dispatch source with its activation state, so that every activate/suspend/resume call is
/// legal: sources start inactive; `set(true)` activates or resumes, `set(false)` suspends.
private final class SourceSwitch {
    private let source: any DispatchSourceProtocol
    private var activated = false
    private var suspended = false

    init(_ source: any DispatchSourceProtocol) { self.source = source }

    func set(_ on: Bool) {
        if on {
            if !activated {
                activated = true
                source.activate()
            } else if suspended {
                suspended = false
                source.resume()
            }
        } else if activated && !suspended {
            suspended = true
            source.suspend()
        }
    }

    /// Cancels the source; `handler` runs (on the source's queue) once libdispatch is done with it.
    func cancel(then handler: @escaping () -> Void) {
        source.setCancelHandler(handler: handler)
        source.cancel()
        // A cancel handler is delivered only to a running source.
        if !activated {
            activated = true
            source.activate()
        } else if suspended {
            suspended = false
            source.resume()
        }
    }
}
