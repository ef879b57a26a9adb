import Emulator
import HTTP1
import JSON
import Routing
import Store

/// The emulator's own API under the reserved prefix `/_polytask/`, which no vendor path can
/// collide with (moto's `/moto-api`, LocalStack's `/_localstack`). It owns the prefix; each
/// dialect contributes through the `Dialect` protocol (its seed and export part, its reset
/// scope, its lifecycle modes) and may add routes under `/_polytask/<dialect>/`.
/// The routes are listed, with their bodies, in `docs/control-plane.md` and in the OpenAPI
/// document served at `/_polytask/openapi.json`.
public struct ControlPlane: Sendable {
    public static let prefix = "/_polytask/"

    public struct Options: Sendable {
        public var version = "0.0.0"
        /// `--no-control-plane`: only health and readiness stay.
        public var enabled = true
        public var access = AdminAccess(token: nil, strictAuth: false, host: "127.0.0.1")
        /// `--allow-fault-header`: a request may ask for its own fault with `x-polytask-fault`.
        public var allowFaultHeader = false
        public init() {}
    }

    let options: Options
    let store: TaskStore
    let clock: ControllableClock
    let dialects: [any Dialect]
    let journal: Journal
    let faults: FaultRules
    let metrics: Metrics
    /// Readiness details beyond the store (workers running...), true when all is well.
    let readiness: @Sendable () -> (ready: Bool, details: [String: JSONValue])
    /// The outbox's delivery worker (nil in tests that do not deliver): kicked after the clock
    /// moves or a replay, so retries due on the store clock go out at once.
    let webhooks: WebhookWorker?

    public init(options: Options, store: TaskStore, clock: ControllableClock, dialects: [any Dialect],
                journal: Journal, faults: FaultRules, metrics: Metrics, webhooks: WebhookWorker? = nil,
                readiness: @escaping @Sendable () -> (ready: Bool, details: [String: JSONValue]) = { (true, [:]) }) {
        self.options = options
        self.store = store
        self.clock = clock
        self.dialects = dialects
        self.journal = journal
        self.faults = faults
        self.metrics = metrics
        self.readiness = readiness
        self.webhooks = webhooks
    }

    func dialect(_ name: String) -> (any Dialect)? { dialects.first { $0.name == name } }

    var dialectNames: String { dialects.map(\.name).joined(separator: ", ") }

    public func mount(on router: inout Router) {
        router.errorShape(forPrefix: Self.prefix, DefaultErrorShape())
        router.errorShape(forPrefix: "/_polytask", DefaultErrorShape())
        mountHealth(on: &router)
        guard options.enabled else { return }
        let admin = router.group("/_polytask").add(options.access.middleware)
        mountOpenAPI(on: admin)
        mountState(on: admin)
        mountClock(on: admin)
        mountLifecycle(on: admin)
        mountFaults(on: admin)
        mountJournal(on: admin)
        mountMetrics(on: admin)
        mountWebhooks(on: admin)
        for d in dialects { d.mountControl(on: admin.group("/\(d.name)")) }
        router.interceptor = FaultInjector(rules: faults, allowHeader: options.allowFaultHeader).interceptor
    }

    // MARK: health and readiness

    func mountHealth(on router: inout Router) {
        let version = options.version
        let body: [UInt8] = JSONValue.object(["status": "ok", "version": .string(version)]).encoded
        // The store is opened before the server starts listening, so a health answer always
        // means the store is open (LocalStack-style liveness).
        router.get("/_polytask/health", sync: { _ in .json(200, body) })
        let store = self.store, readiness = self.readiness, webhooks = self.webhooks
        router.get("/_polytask/ready", sync: { _ in
            var (ok, details) = readiness()
            if let webhooks {
                details["webhookWorker"] = .string(webhooks.isRunning ? "running" : "stopped")
                ok = ok && webhooks.isRunning
            }
            let open = store.isOpen
            var o = details
            o["store"] = .string(open ? "open" : "closed")
            o["schemaVersion"] = .int(Int64(store.schemaVersion))
            o["version"] = .string(version)
            let ready = ok && open
            o["status"] = .string(ready ? "ready" : "not_ready")
            return .json(ready ? 200 : 503, JSONValue.object(o).encoded)
        })
    }
}
