import Emulator
import Routing

/// Run-time settings of the Quant dialect, filled by the main executable from its flags.
public struct QuantConfig: Sendable {
    /// `--auth open|strict`: in `open` any well-formed `Bearer` token is accepted; in `strict`
    /// only tokens registered for the organisation (seed document or control route).
    public var auth: AuthMode = .open
    /// `--quant-completed-ttl` (ms): how long a completed task stays visible. The vendor
    /// documents "Completed tasks get a 30-day TTL for automatic cleanup".
    public var completedTTLMillis: Int64 = 30 * 24 * 3600 * 1000
    /// `--quant-graph-max-tasks`: the most tasks a dependency graph answers for. A graph is
    /// about 450 bytes per task; past the limit the answer is the spec's 500 "Failed to get
    /// dependency graph" with a message naming the limit, instead of a response of unbounded size.
    public var graphMaxTasks: Int = 10_000

    public init() {}
}
