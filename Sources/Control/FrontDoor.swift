import Emulator
import HTTP1
import JSON
import Routing
import Server
import Synchronization

/// What the server calls for every request: the router, with what the emulator adds around
/// every answer: the `x-polytask-version` header (LocalStack's habit), the request journal,
/// metrics and one log line per request.
public struct FrontDoor: HTTPHandler {
    public let router: Router
    public let version: String
    public let journal: Journal
    public let metrics: Metrics
    public let logger: Logger
    /// Wall-clock Unix ms (the journal's `receivedAt`; the store clock may be frozen).
    let wallClock: @Sendable () -> Int64
    /// Monotonic microseconds, for latencies.
    let monotonic: @Sendable () -> Int64

    public init(router: Router, version: String, journal: Journal, metrics: Metrics, logger: Logger,
                wallClock: @escaping @Sendable () -> Int64, monotonic: @escaping @Sendable () -> Int64) {
        self.router = router
        self.version = version
        self.journal = journal
        self.metrics = metrics
        self.logger = logger
        self.wallClock = wallClock
        self.monotonic = monotonic
    }

    public func handle(_ request: HTTPRequest, requestID: String, respond: @escaping @Sendable (HTTPResponse) -> Void) {
        let trace = RequestTrace()
        let started = monotonic()
        let sequence = journal.nextSequence()
        let receivedAt = wallClock()
        let version = self.version, journal = self.journal, metrics = self.metrics, logger = self.logger
        let monotonic = self.monotonic
        router.handle(request, requestID: requestID, trace: trace) { response in
            var r = response
            r.headers.replaceOrAdd(name: "x-polytask-version", value: version)
            let micros = monotonic() - started
            let dialect = trace.dialect, tenant = trace.tenant, route = trace.route
            let status = r.delivery == .drop ? 0 : r.status
            // Control-plane bodies carry credentials (keys, tokens, webhook secrets): never kept.
            let keepBodies = !ASCIIScan.hasPrefix(request.head.path, ControlPlane.prefix)
            journal.record(JournalEntry(sequence: sequence, receivedAt: receivedAt, method: request.head.method,
                                        target: request.head.target, dialect: dialect, tenant: tenant, route: route,
                                        status: status, latencyMicros: micros, requestID: requestID,
                                        requestBody: keepBodies ? journal.bodyText(request.body) : nil,
                                        responseBody: keepBodies ? journal.bodyText(r.body) : nil))
            metrics.recordRequest(dialect: dialect, route: route, method: request.head.method, status: status,
                                  seconds: Double(micros) / 1_000_000)
            if logger.enabled(.info) {
                logger.log(.info, "request", [
                    ("requestId", .string(requestID)), ("method", .string(request.head.method)),
                    ("path", .string(String(request.head.path))), ("status", .int(Int64(status))),
                    ("latencyMs", .double(Double(micros) / 1000)),
                    ("dialect", dialect.map(JSONValue.string) ?? .null), ("tenant", tenant.map(JSONValue.string) ?? .null),
                ])
            }
            respond(r)
        }
    }

    /// A parser refusal (413, 414, 431) on a vendor path answers in that vendor's error shape;
    /// polytask's own paths keep the server's `{"error","message"}`.
    public func refusal(for error: HTTPParseError) -> HTTPResponse? {
        guard let target = error.target else { return nil }
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let shape = router.shape(for: path)
        guard !(shape is DefaultErrorShape) else { return nil }
        var r = shape.error(status: error.status, code: error.code, message: error.message)
        r.headers.replaceOrAdd(name: "x-polytask-version", value: version)
        return r
    }
}
