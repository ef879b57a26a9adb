import JSON

/// How a dialect's simulator moves a task from its first state to its last: the same modes
/// for every dialect, chosen per dialect and tenant through the control plane (or a seed),
/// with a default per dialect set by its flag (`--amigo-lifecycle`, ...).
///
/// Vendors' platforms move tasks on their own. These modes give a client under test the
/// shapes it has to cope with: done at once, done after some polling, done after some time,
/// or moved only when the test says so. What a step is belongs to the dialect (Amigo:
/// pending → dispatched → running → terminal; agent-task: one prompt node; Chamelio: one
/// automatic workflow step).
public enum LifecycleMode: Sendable, Equatable, CustomStringConvertible {
    /// Tasks stay as created or seeded; only the control plane's `advance` moves them.
    case manual
    /// The first time a task is created or read it is already as far as it can go on its own.
    case immediate
    /// Every read of a task (a get, or a list that contains it) is one poll; the Nth poll
    /// finds it finished, earlier ones show the steps in between.
    case afterPolls(Int)
    /// On the store clock, from the task's creation: finished after this long, with the steps
    /// in between spread over it. Reads report the scheduled instants.
    case afterDuration(millis: Int64)

    /// The setting text (`manual`, `immediate`, `polls:3`, `duration:5000`), also accepted as
    /// the value of a dialect's `--<dialect>-lifecycle` flag.
    public var description: String {
        switch self {
        case .manual: return "manual"
        case .immediate: return "immediate"
        case .afterPolls(let n): return "polls:\(n)"
        case .afterDuration(let ms): return "duration:\(ms)"
        }
    }

    /// Parses `manual`, `immediate`, `polls:N` (N ≥ 1) or `duration:MS` (MS ≥ 0; `duration:5s`,
    /// `duration:2m` also work).
    public init?(flag: String) {
        let parts = flag.split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first?.lowercased(), parts.count) {
        case ("manual"?, 1): self = .manual
        case ("immediate"?, 1): self = .immediate
        case ("polls"?, 2):
            guard let n = Int(parts[1]), n >= 1 else { return nil }
            self = .afterPolls(n)
        case ("duration"?, 2):
            guard let ms = Self.millis(parts[1]) else { return nil }
            self = .afterDuration(millis: ms)
        default: return nil
        }
    }

    private static func millis(_ s: String) -> Int64? {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for (suffix, factor) in units where s.hasSuffix(suffix) {
            guard let v = Int64(s.dropLast(suffix.count)), v >= 0 else { return nil }
            return v.multipliedReportingOverflow(by: factor).overflow ? nil : v * factor
        }
        guard let v = Int64(s), v >= 0 else { return nil }
        return v
    }

    /// `{"mode":"polls","polls":3}` and friends: what the control route takes and returns.
    public var json: JSONValue {
        switch self {
        case .manual: return ["mode": "manual"]
        case .immediate: return ["mode": "immediate"]
        case .afterPolls(let n): return ["mode": "polls", "polls": .int(Int64(n))]
        case .afterDuration(let ms): return ["mode": "duration", "duration_ms": .int(ms)]
        }
    }

    /// Reads the control route's body. Also takes the flag text as a bare string.
    public init(json v: JSONValue) throws(LifecycleModeError) {
        if let s = v.stringValue {
            guard let m = LifecycleMode(flag: s) else { throw LifecycleModeError("unknown lifecycle mode '\(s)'") }
            self = m
            return
        }
        guard let mode = v["mode"]?.stringValue else {
            throw LifecycleModeError("expected {\"mode\": \"manual\"|\"immediate\"|\"polls\"|\"duration\"}")
        }
        switch mode {
        case "manual": self = .manual
        case "immediate": self = .immediate
        case "polls":
            guard let n = v["polls"]?.intValue, n >= 1, n <= 1_000_000 else {
                throw LifecycleModeError("mode 'polls' needs an integer \"polls\" from 1 to 1000000")
            }
            self = .afterPolls(Int(n))
        case "duration":
            guard let ms = v["duration_ms"]?.intValue, ms >= 0 else {
                throw LifecycleModeError("mode 'duration' needs an integer \"duration_ms\" >= 0")
            }
            self = .afterDuration(millis: ms)
        default:
            throw LifecycleModeError("unknown lifecycle mode '\(mode)'")
        }
    }
}

/// A lifecycle mode that does not parse, with a message a person can act on.
public struct LifecycleModeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ message: String) { description = message }
}
