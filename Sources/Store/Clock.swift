#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The one source of "now" for store logic (TTL, expiry, lifecycles). Injected everywhere so
/// that tests and the control plane can freeze and advance time (Hummingbird's injected clock).
public protocol Clock: Sendable {
    /// Milliseconds since the Unix epoch.
    func nowMillis() -> Int64
}

/// Wall-clock time.
public struct SystemClock: Clock {
    public init() {}
    public func nowMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}

/// A clock that can be frozen, offset and advanced. Unfrozen, it runs at wall-clock speed
/// plus an offset; frozen, it stands still until advanced.
public final class ControllableClock: Clock {
    private struct State { var frozenAt: Int64?; var offset: Int64 }
    private let state: Mutex<State>
    private let base: any Clock

    public init(base: any Clock = SystemClock(), frozenAt: Int64? = nil) {
        self.base = base
        self.state = Mutex(State(frozenAt: frozenAt, offset: 0))
    }

    public func nowMillis() -> Int64 {
        let s = state.withLock { $0 }
        if let f = s.frozenAt { return f }
        return base.nowMillis() + s.offset
    }

    /// Stops time at `millis` (or at the current time).
    public func freeze(at millis: Int64? = nil) {
        let now = nowMillis()
        state.withLock { $0.frozenAt = millis ?? now }
    }

    /// Lets time run again from where it stands.
    public func unfreeze() {
        let now = nowMillis()
        let wall = base.nowMillis()
        state.withLock { $0.frozenAt = nil; $0.offset = now - wall }
    }

    /// Moves time forward (or back, with a negative value).
    public func advance(byMillis ms: Int64) {
        state.withLock {
            if let f = $0.frozenAt { $0.frozenAt = f + ms } else { $0.offset += ms }
        }
    }

    /// Sets the current time, keeping the frozen/running mode.
    public func set(millis: Int64) {
        let wall = base.nowMillis()
        state.withLock {
            if $0.frozenAt != nil { $0.frozenAt = millis } else { $0.offset = millis - wall }
        }
    }

    public var isFrozen: Bool { state.withLock { $0.frozenAt != nil } }
}
