import Control
import Digest
import HTTP1
import JSON
import Routing
import Store
import Synchronization
@testable import Chamelio

/// The dialect on a private in-memory store with a frozen clock, answering through the router
/// exactly as the server would call it (no sockets), with the control plane mounted for
/// seeding, lifecycle modes and advance.
struct ChamelioHarness {
    /// The vendor's example key (docs.chamelio.ai, API introduction).
    static let key = "ca_xYz123AbCdEfGhIjKlMnOpQrStUvWxYz"
    static let otherKey = "ca_another0rganisationKey"
    /// 2025-01-20T10:30:00Z, the vendor's example `created_at`.
    static let start: Int64 = 1_737_369_000_000

    let clock: ControllableClock
    let store: TaskStore
    let dialect: ChamelioDialect
    let router: Router

    init(_ configure: (inout ChamelioConfig) -> Void = { _ in }) throws {
        clock = ControllableClock(frozenAt: Self.start)
        var options = StoreOptions()
        options.path = ":memory:"
        options.sweepIntervalMillis = 0
        store = try TaskStore(options: options, clock: clock)
        var config = ChamelioConfig()
        configure(&config)
        dialect = ChamelioDialect(store: store, config: config)
        var r = Router()
        ControlPlane(options: ControlPlane.Options(), store: store, clock: clock, dialects: [dialect], journal: Journal(capacity: 0),
                     faults: FaultRules(), metrics: Metrics()).mount(on: &r)
        dialect.mount(on: &r)
        router = r
    }

    struct Reply: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: JSONValue { (try? JSONParser.parse(body)) ?? .null }
        subscript(_ key: String) -> JSONValue? { json[key] }
    }

    static func apiKey(_ key: String = ChamelioHarness.key) -> [(String, String)] { [("X-API-Key", key)] }

    func send(_ method: String, _ target: String, body: String? = nil,
              headers: [(String, String)] = ChamelioHarness.apiKey(), trace: RequestTrace = RequestTrace()) async -> Reply {
        var h = HTTPHeaders(headers)
        h.add(name: "Host", value: "polytask.test")
        if body != nil, !h.contains("Content-Type") { h.add(name: "Content-Type", value: "application/json") }
        let request = HTTPRequest(head: HTTPRequestHead(method: method, target: target, headers: h), body: Array((body ?? "").utf8))
        let router = self.router
        let response: HTTPResponse = await withCheckedContinuation { cont in
            let once = Mutex(false)
            router.handle(request, requestID: "t", trace: trace) { resp in
                let first = once.withLock { done -> Bool in
                    defer { done = true }
                    return !done
                }
                precondition(first, "responder called twice")
                cont.resume(returning: resp)
            }
        }
        return Reply(status: response.status, headers: response.headers, body: response.body)
    }

    func get(_ target: String, headers: [(String, String)] = ChamelioHarness.apiKey()) async -> Reply {
        await send("GET", target, headers: headers)
    }

    func post(_ target: String, _ body: String? = nil, headers: [(String, String)] = ChamelioHarness.apiKey()) async -> Reply {
        await send("POST", target, body: body, headers: headers)
    }

    /// A control-plane call (no credentials: the control plane is open on loopback).
    func control(_ method: String, _ target: String, _ body: String? = nil) async -> Reply {
        await send(method, target, body: body, headers: [])
    }

    /// The organisation an unregistered key stands for in `--auth open`.
    static func organization(of key: String = ChamelioHarness.key) -> String {
        ChamelioKeys.openOrganization(hash: ChamelioKeys.hash(key))
    }

    /// The built-in contract review's variables, as an initiate body.
    static let contractBody = #"""
    {"variables":[{"variable_id":"vendor_name","type":"text","value":"Acme Corporation"},
                  {"variable_id":"contract_value","type":"number","value":"150000.00"},
                  {"variable_id":"reviewer_email","type":"email","value":"legal@example.com"}],
     "user":"john.doe@example.com"}
    """#

    /// Initiates the built-in contract review; returns the new task id.
    func initiate(_ body: String = ChamelioHarness.contractBody, key: String = ChamelioHarness.key) async -> Int64 {
        let r = await post("/workflows/vendor_contract_review/latest/initiate", body, headers: Self.apiKey(key))
        precondition(r.status == 200, "initiate: \(r.status) \(r.text)")
        return r["task_id"]?.intValue ?? -1
    }

    func task(_ id: Int64, key: String = ChamelioHarness.key) async -> JSONValue {
        await get("/tasks/\(id)", headers: Self.apiKey(key))["task"] ?? .null
    }

    func setLifecycle(_ mode: String, organization: String = ChamelioHarness.organization()) async -> Reply {
        await control("PUT", "/_polytask/lifecycle", #"{"dialect":"chamelio","tenant":"\#(organization)","mode":\#(mode)}"#)
    }

    func advance(_ id: Int64, organization: String = ChamelioHarness.organization()) async -> Reply {
        await control("POST", "/_polytask/advance", #"{"dialect":"chamelio","tenant":"\#(organization)","taskId":"\#(id)"}"#)
    }

    /// Registers a webhook endpoint for `organization` with a known secret.
    @discardableResult
    func webhook(_ url: String = "http://127.0.0.1:9/hook", secret: String = "s3cret", events: String? = nil,
                 organization: String = ChamelioHarness.organization()) async -> Reply {
        let ev = events.map { #","events":\#($0)"# } ?? ""
        return await control("POST", "/_polytask/chamelio/webhooks",
                             #"{"organization_id":"\#(organization)","url":"\#(url)","secret":"\#(secret)"\#(ev)}"#)
    }

    /// The outbox, oldest first: (event name, parsed body, headers).
    func deliveries() throws -> [(event: String, body: JSONValue, record: DeliveryRecord)] {
        try store.deliveries(DeliveryFilter(dialect: "chamelio", limit: 1000)).reversed().map { d in
            let body = (try? JSONParser.parse(d.body)) ?? .null
            return (body["event"]?.stringValue ?? "", body, d)
        }
    }
}
