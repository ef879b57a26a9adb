import DialectTestSupport
import Store
@testable import AgentTask

/// The agent-task dialect on the shared test bed (in-memory store, frozen clock, router with the
/// control plane), with the design doc's example agent and the `apikey` header.
typealias AgentTaskHarness = DialectTestBed<AgentTaskDialect>

extension DialectTestBed where D == AgentTaskDialect {
    /// 2026-01-01T00:00:00Z.
    static var start: Int64 { 1_767_225_600_000 }

    convenience init(_ configure: (inout AgentTaskConfig) -> Void = { _ in }) throws {
        var config = AgentTaskConfig()
        configure(&config)
        try self.init(frozenAt: Self.start) { AgentTaskDialect(store: $0, config: config) }
    }

    static func key(_ k: String) -> [(String, String)] { [("apikey", k)] }

    func send(_ method: String, _ target: String, body: String? = nil,
              headers: [(String, String)] = AgentTaskHarness.key("key-alice")) async -> Reply {
        await route(method, target, body: body.map { Array($0.utf8) }, headers: headers)
    }

    /// The design doc's example agent: two prompt nodes feeding `context`, then a return node.
    static var storyAgent: String {
        #"""
        {"name":"My agent","variables":{"replicateAPI":"apikey","genre":"Science fiction","prompt":"","context":""},
         "promptChain":[
          {"type":"prompt","name":"Sypnosis","system":"You create a synopsis for a {genre} film","user":"{prompt}",
           "apikey":"{replicateAPI}","llm":"replicate","model":"google-deepmind/gemma-3-27b-it","temperature":1,"maxTokens":2000,"output":"context"},
          {"type":"prompt","name":"character dev","system":"Characters for {genre} films","user":"### {context} ### {prompt}",
           "apikey":"{replicateAPI}","llm":"replicate","model":"google-deepmind/gemma-3-27b-it","temperature":0.7,"maxTokens":2000,"output":"context"},
          {"name":"Return","type":"return","output":"context"}]}
        """#
    }

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
