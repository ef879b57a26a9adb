import Dispatch
import JSON
import Store
import Synchronization

/// How the worker sends one delivery; the server's `OutboundHTTP` in production, a fake in tests.
public protocol WebhookTransport: Sendable {
    /// POSTs `body` to `url` within `timeoutMillis`: the response's status, or why there was none.
    func post(url: String, headers: [DeliveryHeader], body: [UInt8], timeoutMillis: Int) -> WebhookAttemptResult
}

public enum WebhookAttemptResult: Sendable, Equatable {
    case status(Int)
    case failure(String)
}

/// Delivers the store's outbox (durable webhooks, shared by every dialect).
///
/// A dialect enqueues an event in the same write as the state change that causes it, so an
/// acknowledged change always has its event, and a crash never loses one. This worker polls
/// the outbox on a serial queue (every `pollMillis` of wall time, and at once when `kick`ed),
/// claims what is due on the store clock with a lease (so an attempt cut short by a crash comes
/// due again after a restart), sends at most `concurrency` at a time off the event loops, and
/// records each attempt: a 2xx is delivered; anything else is retried after the dialect's
/// `WebhookPolicy` delays on the store clock, and after the last one the delivery is
/// `undelivered` until replayed through the control plane. At-least-once: a receiver that
/// answered but whose answer was lost may see an event twice (`event_id` is for that).
public final class WebhookWorker: Sendable {
    public struct Options: Sendable {
        public var pollMillis = 100
        public var concurrency = 4
        /// Finished deliveries older than this (store clock) are pruned; 0 keeps them.
        public var retentionMillis: Int64 = 7 * 86_400_000
        public init() {}
    }

    private struct State {
        var running = false
        var inFlight = 0
        var lastPrune: Int64 = 0
        var started = false
        /// The last claim failed: logged once, until a claim succeeds again.
        var outboxFailing = false
    }

    let store: TaskStore
    let transport: any WebhookTransport
    let policies: [String: WebhookPolicy]
    let options: Options
    let logger: Logger?
    /// Called once per finished attempt with the dialect and `delivered`, `retry` or `undelivered`.
    let onOutcome: @Sendable (String, String) -> Void
    private let queue = DispatchQueue(label: "polytask.webhooks", qos: .utility)
    private let senders = DispatchQueue(label: "polytask.webhooks.send", qos: .utility, attributes: .concurrent)
    private let state = Mutex(State())

    public init(store: TaskStore, transport: any WebhookTransport, policies: [String: WebhookPolicy], options: Options = Options(),
                logger: Logger? = nil, onOutcome: @escaping @Sendable (String, String) -> Void = { _, _ in }) {
        self.store = store
        self.transport = transport
        self.policies = policies
        self.options = options
        self.logger = logger
        self.onOutcome = onOutcome
    }

    public func policy(for dialect: String) -> WebhookPolicy { policies[dialect] ?? .standard }

    /// Whether `start` has run and `stop` has not (readiness).
    public var isRunning: Bool { state.withLock { $0.running } }

    public func start() {
        let first = state.withLock { s -> Bool in
            defer { s.running = true; s.started = true }
            return !s.started
        }
        guard first else { return }
        tick()
    }

    /// Polls, then comes back after `pollMillis` while running.
    private func tick() {
        queue.asyncAfter(deadline: .now() + .milliseconds(max(10, options.pollMillis))) { [weak self] in
            guard let self, self.isRunning else { return }
            self.poll()
            self.tick()
        }
    }

    /// Looks at the outbox now (after the clock moved, or right after an enqueue).
    public func kick() { queue.async { [weak self] in self?.poll() } }

    /// Stops polling; attempts already sending finish and are recorded (if the store is open).
    public func stop() {
        state.withLock { $0.running = false }
        queue.sync {}
    }

    /// On `queue`: claims what is due, up to the free sending slots, and sends each.
    private func poll() {
        guard store.isOpen else { return }
        let (running, free) = state.withLock { ($0.running, options.concurrency - $0.inFlight) }
        guard running else { return }
        pruneIfDue()
        guard free > 0 else { return }
        let lease = Int64(policies.values.map(\.timeoutMillis).max() ?? WebhookPolicy.standard.timeoutMillis) + 30_000
        let claimed: [DeliveryRecord]
        do {
            claimed = try store.writeAndWait { tx in try tx.claimDueDeliveries(limit: free, leaseMillis: max(lease, 40_000)) }
        } catch {
            // Once per outage, not once per poll: the store's own line says why it cannot write.
            if state.withLock({ s in defer { s.outboxFailing = true }; return !s.outboxFailing }) {
                logger?.log(.warn, "webhook outbox unavailable", [("error", .string("\(error)"))])
            }
            return
        }
        state.withLock { $0.outboxFailing = false }
        guard !claimed.isEmpty else { return }
        state.withLock { $0.inFlight += claimed.count }
        for d in claimed {
            senders.async { [self] in
                self.send(d)
                state.withLock { $0.inFlight -= 1 }
                // A slot is free: more may be due already.
                self.kick()
            }
        }
    }

    private func send(_ d: DeliveryRecord) {
        let policy = self.policy(for: d.dialect)
        let started = Monotonic.micros()
        let result = transport.post(url: d.target, headers: d.headers, body: d.body, timeoutMillis: policy.timeoutMillis)
        let millis = (Monotonic.micros() - started) / 1000
        let status: Int64?
        let error: String?
        switch result {
        case .status(let s):
            status = Int64(s)
            error = (200..<300).contains(s) ? nil : "HTTP \(s)"
        case .failure(let e):
            status = nil
            error = e
        }
        let round = d.roundAttempts + 1
        let delays = policy.retryDelaysMillis
        let label: String
        do {
            try store.writeAndWait { [status, error] tx in
                let outcome: DeliveryOutcome
                if error == nil {
                    outcome = .delivered
                } else if round <= Int64(delays.count) {
                    outcome = .retry(at: tx.now + delays[Int(round - 1)])
                } else {
                    outcome = .giveUp
                }
                _ = try tx.recordAttempt(deliveryID: d.id, httpStatus: status, error: error, durationMillis: millis, outcome: outcome)
            }
            label = error == nil ? "delivered" : (round <= Int64(delays.count) ? "retry" : "undelivered")
        } catch {
            logger?.log(.warn, "webhook attempt not recorded", [("delivery", .int(d.id)), ("error", .string("\(error)"))])
            return
        }
        onOutcome(d.dialect, label)
        logger?.log(error == nil ? .info : .warn, "webhook", [
            ("delivery", .int(d.id)), ("dialect", .string(d.dialect)), ("tenant", .string(d.tenant)),
            ("event", .string(d.eventID)), ("target", .string(Self.withoutQuery(d.target))),
            ("status", status.map(JSONValue.int) ?? .null), ("outcome", .string(label)),
            ("error", error.map(JSONValue.string) ?? .null), ("attempt", .int(round)), ("latencyMs", .int(millis)),
        ])
    }

    private func pruneIfDue() {
        guard options.retentionMillis > 0 else { return }
        let now = store.clock.nowMillis()
        let due = state.withLock { s -> Bool in
            guard now - s.lastPrune >= 60_000 || now < s.lastPrune else { return false }
            s.lastPrune = now
            return true
        }
        guard due else { return }
        let cutoff = now - options.retentionMillis
        _ = try? store.writeAndWait { tx in try tx.pruneDeliveries(createdBefore: cutoff, limit: 1000) }
    }

    /// A URL for the log: its query may carry a token.
    static func withoutQuery(_ url: String) -> String {
        String(url.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }
}
