import DialectTestSupport
import Emulator
import JSON
import Quant

/// The Quant dialect on the shared test bed (in-memory store, frozen clock, router with the
/// control plane). Quant's tests are synchronous: `send` blocks until the response comes.
typealias QuantHarness = DialectTestBed<QuantDialect>

extension DialectTestBed where D == QuantDialect {
    static var t0: Int64 { 1_735_689_600_000 }   // the vendor example's createdAt

    convenience init(auth: AuthMode = .open, completedTTLMillis: Int64? = nil) throws {
        var cfg = QuantConfig()
        cfg.auth = auth
        if let completedTTLMillis { cfg.completedTTLMillis = completedTTLMillis }
        try self.init(frozenAt: Self.t0, readers: 2) { QuantDialect(store: $0, config: cfg) }
    }

    static var bearer: [(String, String)] { [("Authorization", "Bearer test-token")] }

    func send(_ method: String, _ target: String, _ body: String? = nil,
              headers: [(String, String)] = QuantHarness.bearer) -> Reply {
        routeAndWait(method, target, body: body.map { Array($0.utf8) }, headers: headers)
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
