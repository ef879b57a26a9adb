import FastAPI
import JSON

/// How the lifecycle simulator moves a task `pending → dispatched → running → terminal`
/// (the terminal status is the task's simulated outcome: completed, failed or timeout).
/// Chosen per workspace through the control plane; `AmigoConfig.defaultLifecycle` applies
/// to workspaces that have not chosen.
///
/// The vendor has no create endpoint: its platform moves tasks on its own. These modes give a
/// client under test the three shapes it has to cope with: done at once, done after some
/// polling, and done after some time.
public enum AmigoLifecycleMode: Sendable, Equatable, CustomStringConvertible {
    /// Tasks stay as created or seeded; only the control plane's `advance` moves them.
    case manual
    /// The first time a task is created or read it is already terminal.
    case immediate
    /// Every read of a task (a get, or a by-call list that contains it) is one poll: the 1st
    /// poll shows `dispatched`, later ones `running`, and the Nth is terminal.
    case afterPolls(Int)
    /// On the store clock, from the task's creation: dispatched after 10% of the duration,
    /// running after 20%, terminal at 100%. Reads report the scheduled instants.
    case afterDuration(millis: Int64)

    /// The setting text (`manual`, `immediate`, `polls:3`, `duration:5000`), also accepted as
    /// the `--amigo-lifecycle` flag value.
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
    var json: JSONValue {
        switch self {
        case .manual: return ["mode": "manual"]
        case .immediate: return ["mode": "immediate"]
        case .afterPolls(let n): return ["mode": "polls", "polls": .int(Int64(n))]
        case .afterDuration(let ms): return ["mode": "duration", "duration_ms": .int(ms)]
        }
    }

    /// Reads the control route's body. Also takes the flag text as a bare string.
    init(json v: JSONValue) throws(AmigoInputError) {
        if let s = v.stringValue {
            guard let m = AmigoLifecycleMode(flag: s) else { throw AmigoInputError("unknown lifecycle mode '\(s)'") }
            self = m
            return
        }
        guard let mode = v["mode"]?.stringValue else {
            throw AmigoInputError("expected {\"mode\": \"manual\"|\"immediate\"|\"polls\"|\"duration\"}")
        }
        switch mode {
        case "manual": self = .manual
        case "immediate": self = .immediate
        case "polls":
            guard let n = v["polls"]?.intValue, n >= 1, n <= 1_000_000 else {
                throw AmigoInputError("mode 'polls' needs an integer \"polls\" from 1 to 1000000")
            }
            self = .afterPolls(Int(n))
        case "duration":
            guard let ms = v["duration_ms"]?.intValue, ms >= 0 else {
                throw AmigoInputError("mode 'duration' needs an integer \"duration_ms\" >= 0")
            }
            self = .afterDuration(millis: ms)
        default:
            throw AmigoInputError("unknown lifecycle mode '\(mode)'")
        }
    }
}

/// A bad seed document or control-plane body, with a message a person can act on.
public struct AmigoInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    init(_ message: String) { description = message }
}
