import Synchronization

/// Whether the store can write, as the writer last saw it, and one report per change.
///
/// A full disk, a read-only or immutable file or failing I/O make every write fail until
/// someone fixes the machine, while reads go on. Each failed write already gets its own error
/// (a 503 in its vendor's shape); what an operator needs on top is one line that says why,
/// not one per request or per webhook poll. So the writer records each transaction's outcome
/// here and `onChange` runs only when the state flips: the first outage (with its cause),
/// and the first write that lands after it.
///
/// Only a commit that changed rows counts as "can write": a transaction that changed nothing
/// (an idle webhook poll, a sweep with nothing expired) writes no page and succeeds even on a
/// full disk, so it proves nothing and would make the state flap.
public final class WriteHealth: Sendable {
    public typealias Change = @Sendable (_ outage: StoreError?) -> Void

    private struct State {
        var outage: StoreError?
        var onChange: Change?
    }

    private let state = Mutex(State())

    public init() {}

    /// The current outage (nil: the last write that changed rows committed).
    public var outage: StoreError? { state.withLock { $0.outage } }

    /// Called with the cause when writes start failing, and with nil when they land again.
    /// Runs on the writer's queue: keep it quick (a log call).
    public func onChange(_ f: @escaping Change) {
        state.withLock { $0.onChange = f }
    }

    /// A write failed with `error`; only outages (`isWriteOutage`) change the state.
    func failed(_ error: StoreError) {
        guard error.isWriteOutage else { return }
        let report: Change? = state.withLock { s in
            guard s.outage == nil else { return nil }
            s.outage = error
            return s.onChange
        }
        report?(error)
    }

    /// A transaction that changed rows committed.
    func wrote() {
        let report: Change? = state.withLock { s in
            guard s.outage != nil else { return nil }
            s.outage = nil
            return s.onChange
        }
        report?(nil)
    }
}
