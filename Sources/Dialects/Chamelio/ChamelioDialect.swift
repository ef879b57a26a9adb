import Emulator
import FastAPI
import HTTP1
import JSON
import Routing
import Store

/// Chamelio's External API over the shared task store (docs.chamelio.ai; seed 004 is its
/// get-task page): workflow schemas, initiate and initiate-flexible, get task,
/// approval-details, approve, cancel, files, signed documents, step documents and file
/// downloads, on FastAPI's error shapes; organisation webhooks signed with HMAC-SHA256 through
/// the store's outbox; and polytask's control routes under `/_polytask/chamelio/` for what the
/// vendor does in its web app (keys, workflow definitions, webhook endpoints).
public struct ChamelioDialect: Dialect {
    static let dialectName = "chamelio"

    let store: TaskStore
    let config: ChamelioConfig
    let downloads: ChamelioDownloads

    public var name: String { Self.dialectName }

    public init(store: TaskStore, config: ChamelioConfig) {
        self.store = store
        self.config = config
        downloads = ChamelioDownloads(ttlMillis: config.urlTTLMillis, publicURL: config.publicURL)
    }

    var now: Int64 { store.clock.nowMillis() }

    /// 10 s per attempt; retries 1 min, 5 min, 30 min and 2 h after the failures before them;
    /// then undelivered (docs.chamelio.ai, webhooks introduction).
    public static let policy = WebhookPolicy(timeoutMillis: 10_000, retryDelaysMillis: [60_000, 300_000, 1_800_000, 7_200_000])

    public var webhookPolicy: WebhookPolicy? { Self.policy }

    public func mount(on router: inout Router) {
        mountWorkflows(on: ChamelioRoute(self, router: &router, prefix: "/workflows"))
        let tasks = ChamelioRoute(self, router: &router, prefix: "/tasks")
        mountTasks(on: tasks)
        mountTaskFiles(on: tasks)
        mountFiles(on: ChamelioRoute(self, router: &router, prefix: "/files"))
        mountDownloads(on: &router)
    }

    // MARK: lifecycle

    public var defaultLifecycle: LifecycleMode? { config.defaultLifecycle }

    var lifecycles: Lifecycles { Lifecycles(store: store, dialect: Self.dialectName, fallback: config.defaultLifecycle) }

    // MARK: errors

    /// A store failure as FastAPI shows an unexpected server error (503 while the store cannot
    /// serve: closed, locked, a full disk, a read-only file).
    static func response(for error: StoreError) -> HTTPResponse {
        FastAPIErrors.storeFailure(unavailable: error.isUnavailable)
    }

    /// The vendor's 404 for a task that does not exist or is another organisation's.
    static var taskNotFound: HTTPResponse { FastAPIErrors.detail(404, "Task not found") }

    static func key(_ organization: String, _ taskID: Int64) -> TaskKey {
        TaskKey(dialect: dialectName, tenant: organization, id: String(taskID))
    }
}
