import Digest
import Emulator
import FastAPI
import HTTP1
import JSON
import Routing
import Store

/// The Amigo Platform API's task surface (`GET /v1/{workspace_id}/tasks/{task_id}`,
/// `GET /v1/{workspace_id}/tasks/by-call/{call_sid}`) and its api-key endpoints, over the
/// shared task store, with FastAPI's error bodies; plus polytask's control routes under
/// `/_polytask/amigo/` (create, seed, lifecycle mode, advance), since the vendor has no
/// public way to create a task.
public struct AmigoDialect: Dialect {
    static let dialectName = "amigo"

    let store: TaskStore
    let config: AmigoConfig
    let limiter: AmigoRateLimiter?
    /// Hex SHA-256 of the bootstrap key (strict mode only).
    let bootstrapHash: String?
    let usage: AmigoKeyUsage

    /// The bootstrap key to print at start in strict mode when none was given (nil otherwise).
    public let generatedBootstrapKey: String?

    public var name: String { Self.dialectName }

    public init(store: TaskStore, config: AmigoConfig) {
        self.store = store
        self.config = config
        self.limiter = config.rateLimitPerMinute > 0 ? AmigoRateLimiter(limit: config.rateLimitPerMinute) : nil
        self.usage = AmigoKeyUsage()
        if config.auth == .strict {
            let key: String
            if let given = config.bootstrapKey, !given.isEmpty {
                key = given
                generatedBootstrapKey = nil
            } else {
                key = AmigoIDs.bootstrapKey()
                generatedBootstrapKey = key
            }
            bootstrapHash = SHA256.hexHash(key)
        } else {
            bootstrapHash = nil
            generatedBootstrapKey = nil
        }
    }

    var now: Int64 { store.clock.nowMillis() }

    public func mount(on router: inout Router) {
        let v1 = AmigoV1Route(dialect: self, router: &router)
        mountTasks(on: v1)
        mountAPIKeys(on: v1)
    }

    /// Loads `{"<workspace_id>": [TaskStateResponse, ...]}` (the value of a seed document's
    /// `"amigo"` key; the wrapped document works too). A workspace may instead map to
    /// `{"tasks": [...], "api_keys": [...], "lifecycle": "polls:3"}`. Blocks until committed.
    public func seed(_ part: JSONValue) throws {
        let plan = try AmigoSeed.parse(part, now: now)
        let ttl = config.taskTTLMillis
        _ = try store.writeAndWait { tx in try plan.apply(&tx, ttl: ttl) }
    }

    // MARK: lifecycle mode

    static let defaultTenant = Lifecycles.allTenants

    /// Where the workspaces' modes live; `AmigoConfig.defaultLifecycle` behind them.
    var lifecycles: Lifecycles { Lifecycles(store: store, dialect: Self.dialectName, fallback: config.defaultLifecycle) }

    /// The mode for `workspace`: its own, else the stored default, else the configured one.
    func lifecycleMode(_ workspace: String) throws(StoreError) -> LifecycleMode {
        try lifecycles.mode(tenant: workspace)
    }

    // MARK: store errors

    /// A store failure as FastAPI would show an unexpected server error: 503 while the store
    /// cannot serve (closed, locked, a full disk, a read-only file), else 500.
    static func response(for error: StoreError) -> HTTPResponse {
        FastAPIErrors.storeFailure(unavailable: error.isUnavailable)
    }
}
