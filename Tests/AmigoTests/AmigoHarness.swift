import DialectTestSupport
@testable import Amigo

/// The Amigo dialect on the shared test bed (in-memory store, frozen clock, router with the
/// control plane), with the vendor's fixtures and Amigo's bearer token.
typealias AmigoHarness = DialectTestBed<AmigoDialect>

extension DialectTestBed where D == AmigoDialect {
    /// Fixtures from the vendor's own SDK tests (`tests/resources/tasks.test.ts`): the task id
    /// and Twilio call sid; the workspace is their `ws-...0001` as the UUID the spec requires.
    static var workspace: String { "00000000-0000-0000-0000-000000000001" }
    static var otherWorkspace: String { "00000000-0000-0000-0000-000000000002" }
    static var taskID: String { "task-001" }
    static var callSID: String { "CA1234567890abcdef1234567890abcdef" }
    /// 2026-05-06T12:00:00Z.
    static var start: Int64 { 1_778_068_800_000 }

    convenience init(_ configure: (inout AmigoConfig) -> Void = { _ in }) throws {
        var config = AmigoConfig()
        configure(&config)
        try self.init(frozenAt: Self.start) { AmigoDialect(store: $0, config: config) }
    }

    static var auth: [(String, String)] { bearer("any-token") }

    static func bearer(_ key: String) -> [(String, String)] { [("Authorization", "Bearer \(key)")] }

    func send(_ method: String, _ target: String, body: String? = nil,
              headers: [(String, String)] = AmigoHarness.auth) async -> Reply {
        await route(method, target, body: body.map { Array($0.utf8) }, headers: headers)
    }

    /// A body given as bytes (not necessarily UTF-8), with `Content-Type: application/json`
    /// unless `headers` name one.
    func send(_ method: String, _ target: String, bytes body: [UInt8]?,
              headers: [(String, String)] = AmigoHarness.auth) async -> Reply {
        await route(method, target, body: body, headers: headers)
    }

    func get(_ target: String, headers: [(String, String)] = AmigoHarness.auth) async -> Reply {
        await send("GET", target, headers: headers)
    }

    /// Creates a task through the control route (the caller checks the status).
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
}
