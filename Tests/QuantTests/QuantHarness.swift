import Control
import Dispatch
import Emulator
import HTTP1
import JSON
import Quant
import Routing
import Store
import Synchronization

/// A Quant dialect mounted on a router over a fresh in-memory store, with a frozen clock.
/// Requests go through `Router.handle`, exactly as the server dispatches them, without sockets.
final class QuantHarness: Sendable {
    static let t0: Int64 = 1_735_689_600_000   // the vendor example's createdAt
    let store: TaskStore
    let clock: ControllableClock
    let router: Router
    let dialect: QuantDialect

    init(auth: AuthMode = .open, completedTTLMillis: Int64? = nil) throws {
        clock = ControllableClock(frozenAt: Self.t0)
        var opts = StoreOptions()
        opts.path = ":memory:"
        opts.readers = 2
        opts.sweepIntervalMillis = 0
        store = try TaskStore(options: opts, clock: clock)
        var cfg = QuantConfig()
        cfg.auth = auth
        if let completedTTLMillis { cfg.completedTTLMillis = completedTTLMillis }
        dialect = QuantDialect(store: store, config: cfg)
        var r = Router()
        // The control plane (open: no admin token, as on loopback) for the token routes.
        ControlPlane(options: ControlPlane.Options(), store: store, clock: clock, dialects: [dialect], journal: Journal(capacity: 0),
                     faults: FaultRules(), metrics: Metrics()).mount(on: &r)
        dialect.mount(on: &r)
        router = r
    }

    deinit { store.close() }

    struct Reply {
        var response: HTTPResponse
        var status: Int { response.status }
        var text: String { String(decoding: response.body, as: UTF8.self) }
        /// The body parsed, or `.null` when it is empty or not JSON (a test then fails on it).
        var json: JSONValue { (try? JSONParser.parse(response.body)) ?? .null }
        subscript(key: String) -> JSONValue? { json[key] }
    }

    static let bearer = [("Authorization", "Bearer test-token")]

    func send(_ method: String, _ target: String, _ body: String? = nil,
              headers: [(String, String)] = QuantHarness.bearer) -> Reply {
        var h = HTTPHeaders(headers)
        if body != nil { h.add(name: "Content-Type", value: "application/json") }
        let req = HTTPRequest(head: HTTPRequestHead(method: method, target: target, headers: h),
                              body: Array((body ?? "").utf8))
        let box = Mutex<HTTPResponse?>(nil)
        let done = DispatchSemaphore(value: 0)
        router.handle(req, requestID: "t") { resp in
            box.withLock { $0 = resp }
            done.signal()
        }
        done.wait()
        return Reply(response: box.withLock { $0 } ?? HTTPResponse(status: 0))
    }

    static func tasks(_ org: String = "acme") -> String { "/api/v3/organizations/\(org)/ai/tasks" }

    func get(_ target: String, headers: [(String, String)] = QuantHarness.bearer) -> Reply { send("GET", target, headers: headers) }
    func post(_ target: String, _ body: String, headers: [(String, String)] = QuantHarness.bearer) -> Reply {
        send("POST", target, body, headers: headers)
    }
    func put(_ target: String, _ body: String) -> Reply { send("PUT", target, body) }
    func delete(_ target: String) -> Reply { send("DELETE", target) }

    /// Creates a task and returns its id ("" if creation failed, which the caller's checks catch).
    @discardableResult
    func create(_ body: String, org: String = "acme") -> String {
        post(Self.tasks(org), body)["taskId"]?.stringValue ?? ""
    }

    func task(_ id: String, org: String = "acme") -> JSONValue { get(Self.tasks(org) + "/" + id).json }

    /// Advances the frozen clock, so that successive creates get distinct createdAt values.
    func tick(_ ms: Int64 = 1000) { clock.advance(byMillis: ms) }
}

extension JSONValue {
    /// The object's keys, sorted.
    var keys: [String] { (objectValue ?? [:]).keys.sorted() }
    /// An array of strings.
    var strings: [String] { (arrayValue ?? []).compactMap(\.stringValue) }
}

extension JSONValue {
    /// The value as it reads back after encoding: an integral double becomes an integer, as
    /// JSON does not tell `1` from `1.0` (and the bench compares numbers by value).
    var normalized: JSONValue { (try? JSONParser.parse(encoded)) ?? .null }
}
