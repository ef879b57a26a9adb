import Synchronization

/// Counters and histograms for `GET /_polytask/metrics`, in Prometheus' text exposition
/// format (version 0.0.4). Labels are bounded: the route is the matched template (never the
/// raw path), so the number of series is bounded by the routes × statuses × methods.
public final class Metrics: Sendable {
    struct RequestKey: Hashable {
        var dialect: String
        var route: String
        var method: String
        var status: Int
    }

    /// Upper bounds (seconds) of the latency histogram's buckets.
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct Histogram {
        var counts = [UInt64](repeating: 0, count: Metrics.buckets.count)
        var count: UInt64 = 0
        var sum: Double = 0
    }

    private struct State {
        var requests: [RequestKey: UInt64] = [:]
        var latency: [String: Histogram] = [:]
        var counters: [String: [String: UInt64]] = [:]
    }

    private let state = Mutex(State())
    /// Values read at scrape time: name, help, Prometheus type (gauge or counter), reader.
    private let gauges: Mutex<[(name: String, help: String, type: String, read: @Sendable () -> Double)]> = Mutex([])

    public init() {}

    /// Methods kept as they are in labels; any other token a client sends counts as `OTHER`, so
    /// no request can add series (the method is the one label a client chooses freely).
    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    public func recordRequest(dialect: String?, route: String?, method: String, status: Int, seconds: Double) {
        let d = dialect ?? "control"
        let m = Self.knownMethods.contains(method) ? method : "OTHER"
        let key = RequestKey(dialect: d, route: route ?? "", method: m, status: status)
        let bucket = Self.buckets.firstIndex { seconds <= $0 }
        state.withLock { s in
            s.requests[key, default: 0] += 1
            var h = s.latency[d] ?? Histogram()
            if let bucket { h.counts[bucket] += 1 }
            h.count += 1
            h.sum += seconds
            s.latency[d] = h
        }
    }

    /// Adds to a labelled counter, e.g. `count("polytask_webhook_deliveries_total", label: "outcome=\"delivered\"")`.
    public func count(_ name: String, labels: String = "", by n: UInt64 = 1) {
        state.withLock { s in s.counters[name, default: [:]][labels, default: 0] += n }
    }

    /// A gauge read when scraped.
    public func gauge(_ name: String, help: String, _ read: @escaping @Sendable () -> Double) {
        gauges.withLock { $0.append((name, help, "gauge", read)) }
    }

    /// A counter kept elsewhere (the store's sweeper), read when scraped.
    public func counter(_ name: String, help: String, _ read: @escaping @Sendable () -> Double) {
        gauges.withLock { $0.append((name, help, "counter", read)) }
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    static func number(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "+Inf" : "-Inf" }
        if d.rounded() == d && abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }

    /// The exposition text.
    public func render() -> String {
        let s = state.withLock { $0 }
        var out = "# HELP polytask_requests_total Requests answered, by dialect, route template, method and status.\n"
        out += "# TYPE polytask_requests_total counter\n"
        for (k, v) in s.requests.sorted(by: { ($0.key.dialect, $0.key.route, $0.key.method, $0.key.status) < ($1.key.dialect, $1.key.route, $1.key.method, $1.key.status) }) {
            out += "polytask_requests_total{dialect=\"\(Self.escape(k.dialect))\",route=\"\(Self.escape(k.route))\",method=\"\(Self.escape(k.method))\",status=\"\(k.status)\"} \(v)\n"
        }
        out += "# HELP polytask_request_duration_seconds Time from a complete request to its response, by dialect.\n"
        out += "# TYPE polytask_request_duration_seconds histogram\n"
        for (d, h) in s.latency.sorted(by: { $0.key < $1.key }) {
            var cumulative: UInt64 = 0
            for (i, le) in Self.buckets.enumerated() {
                cumulative += h.counts[i]
                out += "polytask_request_duration_seconds_bucket{dialect=\"\(Self.escape(d))\",le=\"\(le)\"} \(cumulative)\n"
            }
            out += "polytask_request_duration_seconds_bucket{dialect=\"\(Self.escape(d))\",le=\"+Inf\"} \(h.count)\n"
            out += "polytask_request_duration_seconds_sum{dialect=\"\(Self.escape(d))\"} \(h.sum)\n"
            out += "polytask_request_duration_seconds_count{dialect=\"\(Self.escape(d))\"} \(h.count)\n"
        }
        for (name, series) in s.counters.sorted(by: { $0.key < $1.key }) {
            out += "# TYPE \(name) counter\n"
            for (labels, v) in series.sorted(by: { $0.key < $1.key }) {
                out += labels.isEmpty ? "\(name) \(v)\n" : "\(name){\(labels)} \(v)\n"
            }
        }
        for g in gauges.withLock({ $0 }) {
            out += "# HELP \(g.name) \(g.help)\n# TYPE \(g.name) \(g.type)\n\(g.name) \(Self.number(g.read()))\n"
        }
        return out
    }
}
