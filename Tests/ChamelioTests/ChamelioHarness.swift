import DialectTestSupport
import JSON
import Routing
import Store
@testable import Chamelio

/// The Chamelio dialect on the shared test bed (in-memory store, frozen clock, router with the
/// control plane), with the vendor's example key and contract review, and the control calls.
typealias ChamelioHarness = DialectTestBed<ChamelioDialect>

extension DialectTestBed where D == ChamelioDialect {
    /// The vendor's example key (docs.chamelio.ai, API introduction).
    static var key: String { "ca_xYz123AbCdEfGhIjKlMnOpQrStUvWxYz" }
    static var otherKey: String { "ca_another0rganisationKey" }
    /// 2025-01-20T10:30:00Z, the vendor's example `created_at`.
    static var start: Int64 { 1_737_369_000_000 }

    convenience init(_ configure: (inout ChamelioConfig) -> Void = { _ in }) throws {
        var config = ChamelioConfig()
        configure(&config)
        try self.init(frozenAt: Self.start) { ChamelioDialect(store: $0, config: config) }
    }

    static func apiKey(_ key: String = ChamelioHarness.key) -> [(String, String)] { [("X-API-Key", key)] }

    /// Every request names a host (download links are built on it).
    func send(_ method: String, _ target: String, body: String? = nil,
              headers: [(String, String)] = ChamelioHarness.apiKey(), trace: RequestTrace = RequestTrace()) async -> Reply {
        await route(method, target, body: body.map { Array($0.utf8) }, headers: headers + [("Host", "polytask.test")], trace: trace)
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
    static var contractBody: String {
        #"""
        {"variables":[{"variable_id":"vendor_name","type":"text","value":"Acme Corporation"},
                      {"variable_id":"contract_value","type":"number","value":"150000.00"},
                      {"variable_id":"reviewer_email","type":"email","value":"legal@example.com"}],
         "user":"john.doe@example.com"}
        """#
    }

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
