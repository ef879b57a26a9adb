import Control
import Emulator
import HTTP1
import JSON
import Routing
import Store
import Synchronization
@testable import AgentTask

/// The dialect (and the control plane) on a private in-memory store with a frozen clock,
/// answering through the router exactly as the server calls it (no sockets).
struct AgentTaskHarness {
    /// 2026-01-01T00:00:00Z.
    static let start: Int64 = 1_767_225_600_000

    let clock: ControllableClock
    let store: TaskStore
    let dialect: AgentTaskDialect
    let router: Router

    init(_ configure: (inout AgentTaskConfig) -> Void = { _ in }) throws {
        clock = ControllableClock(frozenAt: Self.start)
        var options = StoreOptions()
        options.path = ":memory:"
        options.sweepIntervalMillis = 0
        store = try TaskStore(options: options, clock: clock)
        var config = AgentTaskConfig()
        configure(&config)
        dialect = AgentTaskDialect(store: store, config: config)
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

    static func key(_ k: String) -> [(String, String)] { [("apikey", k)] }

    func send(_ method: String, _ target: String, body: String? = nil,
              headers: [(String, String)] = AgentTaskHarness.key("key-alice")) async -> Reply {
        var h = HTTPHeaders(headers)
        if body != nil, !h.contains("Content-Type") { h.add(name: "Content-Type", value: "application/json") }
        let request = HTTPRequest(head: HTTPRequestHead(method: method, target: target, headers: h), body: Array((body ?? "").utf8))
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

    /// The design doc's example agent: two prompt nodes feeding `context`, then a return node.
    static let storyAgent = #"""
    {"name":"My agent","variables":{"replicateAPI":"apikey","genre":"Science fiction","prompt":"","context":""},
     "promptChain":[
      {"type":"prompt","name":"Sypnosis","system":"You create a synopsis for a {genre} film","user":"{prompt}",
       "apikey":"{replicateAPI}","llm":"replicate","model":"google-deepmind/gemma-3-27b-it","temperature":1,"maxTokens":2000,"output":"context"},
      {"type":"prompt","name":"character dev","system":"Characters for {genre} films","user":"### {context} ### {prompt}",
       "apikey":"{replicateAPI}","llm":"replicate","model":"google-deepmind/gemma-3-27b-it","temperature":0.7,"maxTokens":2000,"output":"context"},
      {"name":"Return","type":"return","output":"context"}]}
    """#

    /// Registers `key` for `user` through the control route.
    func register(_ user: String, _ key: String) async -> Reply {
        await send("POST", "/_polytask/agentTask/keys", body: #"{"user":"\#(user)","key":"\#(key)"}"#, headers: [])
    }

    /// Creates the story agent (with `id` if given) for the caller; returns its id.
    @discardableResult
    func createAgent(_ body: String = AgentTaskHarness.storyAgent, key: String = "key-alice") async -> String {
        let r = await send("POST", "/api/v1/agent", body: body, headers: Self.key(key))
        precondition(r.status == 201, "create agent: \(r.status) \(r.text)")
        return r["id"]?.stringValue ?? ""
    }

    /// Runs an agent; returns the reply.
    func run(_ agentId: String, _ body: String = #"{"input":{"prompt":"Write a nice story"}}"#, key: String = "key-alice") async -> Reply {
        await send("POST", "/api/v1/workflow/\(agentId)", body: body, headers: Self.key(key))
    }

    func setLifecycle(_ mode: String, user: String? = nil) async -> Reply {
        let tenant = user.map { #","tenant":"\#($0)""# } ?? ""
        return await send("PUT", "/_polytask/lifecycle", body: #"{"dialect":"agentTask"\#(tenant),"mode":\#(mode)}"#, headers: [])
    }

    func advance(_ taskID: String, user: String) async -> Reply {
        await send("POST", "/_polytask/advance", body: #"{"dialect":"agentTask","tenant":"\#(user)","taskId":"\#(taskID)"}"#, headers: [])
    }

    /// Every outbox row of the dialect, newest first.
    func deliveries() throws -> [DeliveryRecord] {
        try store.deliveries(DeliveryFilter(dialect: "agentTask", limit: 1000))
    }
}
