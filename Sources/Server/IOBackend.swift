/// Readiness of one descriptor, the same on every backend: `Connection` sees only these, never
/// epoll bits or dispatch sources.
struct IOEvents: OptionSet, Sendable, Hashable {
    let rawValue: UInt8
    /// Bytes (or the peer's FIN) can be read; as interest: watch for it.
    static let readable = IOEvents(rawValue: 1)
    /// The send buffer has room; as interest: watch for it (only while bytes are queued).
    static let writable = IOEvents(rawValue: 2)
    /// The peer shut down its sending side (reported, not asked for).
    static let readHangup = IOEvents(rawValue: 4)
    /// The socket failed or both directions are shut down (reported, not asked for).
    static let error = IOEvents(rawValue: 8)
}

/// Which backend runs the event loops (`--io`).
public enum IOBackendKind: String, Sendable {
    /// Linux: one pthread per loop blocked in epoll_wait (level-triggered), eventfd wake-ups.
    case epoll
    /// Portable: one serial DispatchQueue per loop, a read and a write DispatchSource per
    /// socket, a DispatchSource timer for the tick.
    case dispatch

    /// epoll on Linux, where it is the fast path; dispatch elsewhere.
    public static var platformDefault: IOBackendKind {
        #if canImport(Glibc)
        return .epoll
        #else
        return .dispatch
        #endif
    }

    /// The backends this build has.
    public static var available: [IOBackendKind] {
        #if canImport(Glibc)
        return [.epoll, .dispatch]
        #else
        return [.dispatch]
        #endif
    }
}

/// What a backend reports to: the event loop. Every call comes on the loop's own thread or
/// queue, one at a time.
protocol IOEventSink: AnyObject, Sendable {
    /// Before a batch of `ioReady` calls (or a tick): the loop reads its clock once per batch.
    func ioBatchBegins()
    /// `fd` is ready for `events` (a subset of its interest, plus `readHangup`/`error`).
    func ioReady(fd: Int32, events: IOEvents)
    /// The timeout sweep, every `IOBackendTiming.tickMillis`.
    func ioTick()
}

enum IOBackendTiming {
    /// A quarter-second resolution is plenty for 1-60 s timeouts and costs O(connections) 4x/s.
    static let tickMillis: Int64 = 250
}

/// The OS readiness mechanism under one event loop (models: NIO's SelectorGeneric with its
/// epoll and kqueue variants, FlyingFox's EventQueue). A backend owns the loop's thread or
/// queue: everything it delivers runs there, and `inLoop` tells whether the caller is there.
///
/// Registration calls (`register`, `setInterest`, `deregister`) are made on the loop only;
/// `execute` and `inLoop` from any thread.
protocol IOBackend: AnyObject, Sendable {
    /// Starts delivering events and ticks to `sink` (which must outlive the backend's use).
    func start(sink: any IOEventSink)
    /// Watches `fd` (non-blocking) for `interest` (`.readable`, `.writable` or both or neither).
    func register(fd: Int32, interest: IOEvents)
    /// Changes what `fd` is watched for. The caller skips calls that change nothing.
    func setInterest(fd: Int32, interest: IOEvents)
    /// Stops watching `fd` and closes it through `ops` once the backend no longer refers to it
    /// (for dispatch: after both of its sources are cancelled). No event for `fd` comes after.
    func deregisterAndClose(fd: Int32, ops: any SocketOps)
    /// Runs `task` on the loop, soon, from any thread (wakes the loop if it is waiting).
    func execute(_ task: @escaping @Sendable () -> Void)
    /// True when called on the loop's thread (epoll) or queue (dispatch).
    var inLoop: Bool { get }
    /// Debug builds: traps unless called on the loop. Release builds: nothing, not even the check.
    func assertInLoop(file: StaticString, line: UInt)
    /// Stops delivering events; called on the loop, after the loop has closed its connections.
    func stop()
}
