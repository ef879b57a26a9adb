import Control
import HTTP1
import JSON
import Routing
import Store
import Synchronization
@testable import Amigo

/// A dialect on a private in-memory store with a frozen clock, answering through the router
/// exactly as the server would call it (no sockets).
struct AmigoHarness {
    /// Fixtures from the vendor's own SDK tests (`tests/resources/tasks.test.ts`): the task id
    /// and Twilio call sid; the workspace is their `ws-...0001` as the UUID the spec requires.
    static let workspace = "00000000-0000-0000-0000-000000000001"
    static let otherWorkspace = "00000000-0000-0000-0000-000000000002"
    static let taskID = "task-001"
    static let callSID = "CA1234567890abcdef1234567890abcdef"
    /// 2026-05-06T12:00:00Z.
    static let start: Int64 = 1_778_068_800_000

    let clock: ControllableClock
    let store: TaskStore
    let dialect: AmigoDialect
    let router: Router

    init(_ configure: (inout AmigoConfig) -> Void = { _ in }) throws {
        clock = ControllableClock(frozenAt: Self.start)
        var options = StoreOptions()
        options.path = ":memory:"
        options.sweepIntervalMillis = 0
        store = try TaskStore(options: options, clock: clock)
        var config = AmigoConfig()
        configure(&config)
        dialect = AmigoDialect(store: store, config: config)
        var r = Router()
        // The control plane (open: no admin token, as on loopback) for seeding, lifecycle modes
        // and advance, which reach the dialect through `Dialect`.
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

    static let auth = [("Authorization", "Bearer any-token")]

    func send(_ method: String, _ target: String, body: String? = nil,
              headers: [(String, String)] = AmigoHarness.auth) async -> Reply {
        await send(method, target, bytes: body.map { Array($0.utf8) }, headers: headers)
    }

    /// A body given as bytes (not necessarily UTF-8), with `Content-Type: application/json`
    /// unless `headers` name one.
    func send(_ method: String, _ target: String, bytes body: [UInt8]?,
              headers: [(String, String)] = AmigoHarness.auth) async -> Reply {
        var h = HTTPHeaders(headers)
        if body != nil, !h.contains("Content-Type") { h.add(name: "Content-Type", value: "application/json") }
        let request = HTTPRequest(head: HTTPRequestHead(method: method, target: target, headers: h), body: body ?? [])
        let router = self.router
        let response: HTTPResponse = await withCheckedContinuation { cont in
            let once = Mutex(false)
            router.handle(request, requestID: "t") { resp in
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

    func get(_ target: String, headers: [(String, String)] = AmigoHarness.auth) async -> Reply {
        await send("GET", target, headers: headers)
    }

    /// Creates a task through the control route; fails the test if it is not 201.
    @discardableResult
    func create(_ fields: String, workspace: String = AmigoHarness.workspace) async -> Reply {
        await send("POST", "/_polytask/amigo/\(workspace)/tasks", body: fields, headers: [])
    }

    /// `PUT /_polytask/lifecycle` for the workspace; `mode` is the mode as JSON text
    /// (`"immediate"`, `{"mode":"polls","polls":3}`, `null`).
    func setLifecycle(_ mode: String, workspace: String = AmigoHarness.workspace) async -> Reply {
        let body = #"{"dialect":"amigo","tenant":"\#(workspace)","mode":\#(mode)}"#
        return await send("PUT", "/_polytask/lifecycle", body: body, headers: [])
    }

    /// `POST /_polytask/advance` for one task of the workspace.
    func advance(_ taskID: String, workspace: String = AmigoHarness.workspace) async -> Reply {
        await send("POST", "/_polytask/advance", body: #"{"dialect":"amigo","tenant":"\#(workspace)","taskId":"\#(taskID)"}"#, headers: [])
    }

    /// `POST /_polytask/seed` with a whole seed document.
    func seed(_ document: String, headers: [(String, String)] = []) async -> Reply {
        await send("POST", "/_polytask/seed", body: document, headers: headers)
    }

    static func bearer(_ key: String) -> [(String, String)] { [("Authorization", "Bearer \(key)")] }
}
