import AgentTask
import Amigo
import Chamelio
import Control
import Emulator
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Quant
import Routing
import Server
import Store

// polytask: parse options, open the store, load seeds, mount the dialects, serve, and shut
// down gracefully on SIGTERM/SIGINT. Exit codes: 0 clean, 1 start-up failure, 2 bad options.

func fail(_ message: String, code: Int32) -> Never {
    ProcessIO.warn(message)
    exit(code)
}

// Before any thread exists: SIGTERM/SIGINT stay pending until the main thread waits for them.
Signals.blockTermination()
Signals.ignoreFileSizeLimit()

let options: Options
do {
    options = try Options.parse(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessIO.environment())
} catch {
    fail(error.description, code: 2)
}
if options.showHelp {
    ProcessIO.say(Options.helpText(version: Version.current))
    exit(0)
}
if options.showVersion {
    ProcessIO.say("polytask \(Version.current)")
    exit(0)
}

// Memory: at most --malloc-arenas glibc arenas (MallocArenas says why). Before any thread.
MallocArenas.limit(options.int("malloc-arenas"))

// Store.
var storeOptions = StoreOptions()
storeOptions.path = options.string("db")
storeOptions.readers = max(1, options.int("db-readers"))
storeOptions.busyTimeoutMillis = Int(options.millis("busy-timeout"))
storeOptions.sweepIntervalMillis = Int(options.millis("sweep-interval"))
storeOptions.sweepBatch = max(1, options.int("sweep-batch"))
storeOptions.groupCommitMax = max(1, options.int("group-commit-max"))
storeOptions.writerCacheKiB = max(64, options.bytes("db-writer-cache") / 1024)
storeOptions.readerCacheKiB = max(64, options.bytes("db-reader-cache") / 1024)
storeOptions.mmapBytes = options.bytes("db-mmap")
storeOptions.exclusiveLock = options.bool("db-exclusive-lock")
storeOptions.readCacheBytes = options.bytes("read-cache")
storeOptions.checkpointPages = options.int("db-checkpoint-pages")
let clock: ControllableClock
switch Options.parseClock(options.string("clock")) ?? .system {
case .system: clock = ControllableClock()
case .frozenNow: clock = ControllableClock(frozenAt: SystemClock().nowMillis())
case .frozen(let ms): clock = ControllableClock(frozenAt: ms)
}
if let seed = UInt64(options.string("random-seed")) { Randomness.shared.seed(seed) }
let logger = Logger(level: Logger.Level(name: options.string("log-level")) ?? .info,
                    now: { SystemClock().nowMillis() })
let store: TaskStore
do {
    store = try TaskStore(options: storeOptions, clock: clock)
} catch {
    fail("cannot open the store at \(storeOptions.path): \(error)", code: 1)
}
// One line when writes start failing (a full disk, a read-only file), one when they land
// again: each failed request gets its 503, the log says why without a line per request.
let storePath = storeOptions.path
store.writeHealth.onChange { outage in
    if let outage {
        logger.log(.error, "store cannot write: \(outage.cause)", [("path", .string(storePath))])
    } else {
        logger.log(.warn, "store can write again", [("path", .string(storePath))])
    }
}

// Dialects.
let auth = AuthMode(rawValue: options.string("auth")) ?? .open
var quantConfig = QuantConfig()
quantConfig.auth = auth
quantConfig.completedTTLMillis = options.millis("quant-completed-ttl")
quantConfig.graphMaxTasks = max(1, options.int("quant-graph-max-tasks"))
var amigoConfig = AmigoConfig()
amigoConfig.auth = auth
amigoConfig.taskTTLMillis = options.millis("amigo-task-ttl")
amigoConfig.bootstrapKey = options.string("amigo-bootstrap-key").isEmpty ? nil : options.string("amigo-bootstrap-key")
amigoConfig.rateLimitPerMinute = options.int("amigo-rate-limit")
guard let lifecycle = LifecycleMode(flag: options.string("amigo-lifecycle")) else {
    fail("--amigo-lifecycle: '\(options.string("amigo-lifecycle"))' is not manual, immediate, polls:N or duration:D", code: 2)
}
amigoConfig.defaultLifecycle = lifecycle
amigoConfig.byCallLimit = max(1, options.int("amigo-by-call-limit"))
let amigo = AmigoDialect(store: store, config: amigoConfig)
var agentTaskConfig = AgentTaskConfig()
agentTaskConfig.auth = auth
guard let agentTaskLifecycle = LifecycleMode(flag: options.string("agent-task-lifecycle")) else {
    fail("--agent-task-lifecycle: '\(options.string("agent-task-lifecycle"))' is not manual, immediate, polls:N or duration:D", code: 2)
}
agentTaskConfig.defaultLifecycle = agentTaskLifecycle
agentTaskConfig.listLimit = max(1, options.int("agent-task-list-limit"))
var chamelioConfig = ChamelioConfig()
chamelioConfig.auth = auth
guard let chamelioLifecycle = LifecycleMode(flag: options.string("chamelio-lifecycle")) else {
    fail("--chamelio-lifecycle: '\(options.string("chamelio-lifecycle"))' is not manual, immediate, polls:N or duration:D", code: 2)
}
chamelioConfig.defaultLifecycle = chamelioLifecycle
chamelioConfig.urlTTLMillis = max(1, options.millis("chamelio-url-ttl"))
chamelioConfig.publicURL = options.string("chamelio-public-url")
let dialects: [any Dialect] = [QuantDialect(store: store, config: quantConfig), amigo,
                               AgentTaskDialect(store: store, config: agentTaskConfig),
                               ChamelioDialect(store: store, config: chamelioConfig)]

// Seeds: each top-level key of a seed document goes to the dialect of that name.
let seeder = SeedLoader(dialects: dialects)
for path in options.strings("seed") where !path.isEmpty {
    do { try seeder.load(path: path) } catch { fail(error.description, code: 1) }
}

// Routes: the control plane owns /_polytask/, each dialect its vendor's paths.
var router = Router()
router.offload = OffloadPool(width: max(1, options.int("offload-threads")), maxPending: max(1, options.int("offload-queue")))
let journal = Journal(capacity: options.int("journal-size"), keepBodies: options.bool("journal-bodies"),
                      bodyLimit: options.bytes("journal-body-limit"))
let metrics = Metrics()
// Webhooks: the outbox's delivery worker, with each dialect's retry policy.
var webhookOptions = WebhookWorker.Options()
webhookOptions.pollMillis = max(10, Int(options.millis("webhook-poll-interval")))
webhookOptions.concurrency = max(1, options.int("webhook-concurrency"))
webhookOptions.retentionMillis = options.millis("webhook-retention")
var webhookPolicies: [String: WebhookPolicy] = [:]
for d in dialects { if let p = d.webhookPolicy { webhookPolicies[d.name] = p } }
let webhooks = WebhookWorker(store: store,
                             transport: HTTPWebhookTransport(policy: TargetPolicy(flag: options.string("webhook-targets")) ?? .privateNetworks,
                                                             userAgent: "polytask/\(Version.current)"),
                             policies: webhookPolicies, options: webhookOptions, logger: logger,
                             onOutcome: { dialect, outcome in
                                 metrics.count("polytask_webhook_deliveries_total", labels: "dialect=\"\(dialect)\",outcome=\"\(outcome)\"")
                             })
var controlOptions = ControlPlane.Options()
controlOptions.version = Version.current
controlOptions.enabled = options.bool("control-plane")
controlOptions.allowFaultHeader = options.bool("allow-fault-header")
controlOptions.access = AdminAccess(token: options.string("admin-token").isEmpty ? nil : options.string("admin-token"),
                                   strictAuth: auth == .strict, host: options.string("host"))
let control = ControlPlane(options: controlOptions, store: store, clock: clock, dialects: dialects,
                           journal: journal, faults: FaultRules(), metrics: metrics, webhooks: webhooks)
control.mount(on: &router)
for d in dialects { d.mount(on: &router) }
if case .closed(let reason) = controlOptions.access.mode, controlOptions.enabled {
    ProcessIO.warn("control plane closed beyond health and readiness: \(reason); set --admin-token to open it")
}

// Server.
var serverConfig = ServerConfig()
serverConfig.host = options.string("host")
serverConfig.port = options.int("port")
serverConfig.threads = options.int("threads")
serverConfig.io = IOBackendKind(rawValue: options.string("io")) ?? .platformDefault
serverConfig.maxRequestLine = options.bytes("max-request-line")
serverConfig.maxHeaderLine = options.bytes("max-header-line")
serverConfig.maxHeaderBytes = options.bytes("max-header-bytes")
serverConfig.maxHeaderCount = options.int("max-header-count")
serverConfig.maxBodySize = options.bytes("max-body-size")
serverConfig.maxConnections = max(1, options.int("max-connections"))
serverConfig.adminReserveConnections = options.int("admin-reserve-connections")
serverConfig.maxUnsentBytesPerConnection = max(1, options.bytes("max-connection-unsent-bytes"))
serverConfig.maxUnsentBytes = max(1, options.bytes("max-unsent-bytes"))
serverConfig.headerTimeoutMillis = Int(options.millis("header-timeout"))
serverConfig.bodyIdleTimeoutMillis = Int(options.millis("body-idle-timeout"))
serverConfig.bodyTimeoutMillis = Int(options.millis("body-timeout"))
serverConfig.keepAliveTimeoutMillis = Int(options.millis("keep-alive-timeout"))
serverConfig.writeTimeoutMillis = Int(options.millis("write-timeout"))
serverConfig.shutdownTimeoutMillis = Int(options.millis("shutdown-timeout"))

// Every connection is a descriptor: raise the soft open-file limit toward the hard one, and
// fit the connection slots under it, leaving room for the store's files (each SQLite
// connection holds the database and its WAL; one -shm per process) and stdio.
if let note = serverConfig.fitConnections(descriptorLimit: DescriptorLimit.raise(),
                                          otherDescriptors: 16 + 3 * (storeOptions.readers + 1)) {
    ProcessIO.warn(note)
}

let server: HTTPServer
metrics.gauge("polytask_store_size_bytes", help: "Bytes of the SQLite database (pages in use times page size).") {
    Double(store.sizeBytes)
}
metrics.counter("polytask_sweeper_deleted_total", help: "Expired tasks the sweeper has deleted.") { Double(store.sweptTasks) }
metrics.counter("polytask_store_write_transactions_total", help: "Write transactions committed (group commit: several writes each).") {
    Double(store.writeStatistics.transactions)
}
metrics.counter("polytask_store_writes_total", help: "Write bodies run by the store's writer.") { Double(store.writeStatistics.bodies) }
metrics.counter("polytask_read_cache_hits_total", help: "Get and list answers sent from the read cache.") { Double(store.readCache.hitCount) }
metrics.counter("polytask_read_cache_misses_total", help: "Cacheable reads that ran against the store.") { Double(store.readCache.missCount) }
metrics.gauge("polytask_read_cache_bytes", help: "Bytes the read cache holds (keys, bodies, overhead).") { Double(store.readCache.heldBytes) }
do {
    server = try HTTPServer(config: serverConfig, handler: FrontDoor(router: router, version: Version.current, journal: journal,
                                                                     metrics: metrics, logger: logger,
                                                                     wallClock: { SystemClock().nowMillis() },
                                                                     monotonic: { Monotonic.micros() }))
} catch {
    store.close()
    fail(error.description, code: 1)
}

metrics.gauge("polytask_open_connections", help: "Client connections open now.") { Double(server.openConnections) }

if auth == .strict, let key = amigo.generatedBootstrapKey {
    ProcessIO.say("polytask amigo bootstrap key: \(key)")
}
let shownHost = serverConfig.host.contains(":") ? "[\(serverConfig.host)]" : serverConfig.host
// Deliveries left pending by an earlier run (or enqueued by the seeds) go out from here on.
webhooks.start()
ProcessIO.say("polytask listening on http://\(shownHost):\(server.port)")

// Graceful shutdown: stop accepting, let in-flight requests finish, close idle connections,
// checkpoint and close the store, exit 0 (bounded by --shutdown-timeout).
Signals.waitForTermination()
server.shutdown(timeoutMillis: serverConfig.shutdownTimeoutMillis)
webhooks.stop()
store.close()
logger.flush()
exit(0)
