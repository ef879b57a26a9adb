import Emulator
import JSON
import Store
import Testing
@testable import AgentTask

/// Seed, export and reset of the dialect's part.
@Suite struct StateTests {
    typealias H = AgentTaskHarness

    /// Alice: keys, a user lifecycle, two agents (one with settings), a finished and a running
    /// task; bob: one agent; the dialect-wide mode.
    private func populate(_ h: H) async throws -> (String, String) {
        _ = await h.register("alice", "key-alice")
        _ = await h.register("bob", "key-bob")
        _ = await h.setLifecycle(#""polls:2""#)
        let a = await h.createAgent()
        let b = await h.createAgent(#"{"id":"summarizer","name":"S","description":"sums","variables":{"x":"1"},"promptChain":[{"type":"prompt","name":"Sum","user":"{x}","output":"s","temperature":0.25},{"type":"return","name":"R","output":["s"]}]}"#)
        _ = await h.send("PUT", "/_polytask/agentTask/users/alice/agents/summarizer/simulation", body: #"{"lifecycle":"manual","responses":{"Sum":"42"}}"#, headers: [])
        let done = await h.run(a, #"{"input":{"prompt":"p"},"callback":"https://x.example/cb"}"#)["id"]?.stringValue ?? ""
        _ = await h.send("GET", "/api/v1/task/\(done)")
        _ = await h.send("GET", "/api/v1/task/\(done)")
        h.clock.advance(byMillis: 7)
        let running = await h.run(b, "{}")["id"]?.stringValue ?? ""
        _ = await h.advance(running, user: "alice")
        _ = await h.createAgent(key: "key-bob")
        return (done, running)
    }

    @Test func exportSeedRoundTripLosesNothing() async throws {
        let h1 = try H()
        let (done, running) = try await populate(h1)
        let doc = try h1.dialect.export(tenant: nil)
        #expect(Set(doc.objectValue?.keys ?? [:].keys) == ["alice", "bob", "*"])
        #expect(doc["*"] == ["lifecycle": "polls:2"])
        #expect(!doc.encodedString.contains("key-alice"))
        #expect(doc["alice"]?["keyHashes"] == [.string(AgentTaskKeys.hash("key-alice"))])
        #expect(doc["alice"]?["agents"]?.arrayValue?.last?["simulation"] == ["lifecycle": "manual", "responses": ["Sum": "42"]])
        let views = ["/api/v1/task", "/api/v1/task/\(done)", "/api/v1/task/\(running)", "/api/v1/agent", "/api/v1/agent/summarizer"]
        var before: [String] = []
        for v in views { before.append(await h1.send("GET", v).text) }

        let h2 = try H()
        try h2.dialect.seed(doc)
        #expect(try h2.dialect.export(tenant: nil) == doc)
        var after: [String] = []
        for v in views { after.append(await h2.send("GET", v).text) }
        #expect(after == before)
        // The running task goes on where it stood (manual, one step done).
        let next = await h2.advance(running, user: "alice")
        #expect(next["status"] == "complete" && next["output"] == ["s": "42"])
        // Bob's key still works, and sees only bob's agent.
        #expect(await h2.send("GET", "/api/v1/agent", headers: H.key("key-bob")).json.arrayValue?.count == 1)
    }

    @Test func aHandWrittenSeedFillsWhatItLeavesOut() async throws {
        let h = try H()
        try h.dialect.seed([
            "alice": [
                "keys": ["key-alice"],
                "agents": [["id": "movie-script", "name": "Movie", "createdAt": "2025-06-01T10:00:00.000Z",
                            "variables": ["prompt": ""],
                            "promptChain": [["type": "prompt", "name": "Sypnosis", "user": "{prompt}", "output": "context"],
                                            ["type": "prompt", "name": "Plot", "user": "{context}", "output": "context"],
                                            ["type": "return", "name": "Return", "output": "context"]]]],
                "tasks": [
                    ["id": "fbc5f047-dde3-4ec9-b8bc-e1cd4ec4a6d7", "agentId": "movie-script", "status": "complete",
                     "logs": ["Sypnosis: Running"], "output": "", "callback": "https://myapp.com/api/v1/callback/2100aaa",
                     "createdAt": "2025-06-02T10:00:00.000Z"],
                    ["id": "t-running", "agentId": "movie-script", "logs": ["Sypnosis: Running"]],
                ],
            ],
        ])
        let done = await h.send("GET", "/api/v1/task/fbc5f047-dde3-4ec9-b8bc-e1cd4ec4a6d7")
        #expect(done["status"] == "complete" && done["logs"] == ["Sypnosis: Running"] && done["output"] == [:])
        #expect(done["name"] == "Movie" && done["createdAt"] == "2025-06-02T10:00:00.000Z")
        #expect(done["agent"]?["createdAt"] == "2025-06-01T10:00:00.000Z")
        // A running seeded task shows its logs and walks on (the flag default: immediate).
        let running = await h.send("GET", "/api/v1/task/t-running")
        #expect(running["status"] == "complete")
        #expect(running["logs"] == ["Sypnosis: Running", "Plot: Running", "Return: Running"])
        // Seeding again gives the same state.
        let once = try h.dialect.export(tenant: nil)
        try h.dialect.seed(once)
        #expect(try h.dialect.export(tenant: nil) == once)
    }

    @Test func aBadSeedNamesThePlaceAndLoadsNothing() async throws {
        let h = try H()
        func message(_ v: JSONValue) -> String {
            do { try h.dialect.seed(v); return "loaded" } catch { return "\(error)" }
        }
        #expect(message(["bad user": [:]]).contains("agentTask.bad user: a user id is"))
        #expect(message(["alice": ["tasks": [["agentId": "nope"]]]]) == "agentTask.alice.tasks[0].agentId: alice has no agent nope")
        #expect(message(["alice": ["agents": [["name": "x"]]]]).hasPrefix("agentTask.alice.agents[0]: promptChain is required"))
        #expect(message(["alice": ["keyHashes": ["abc"]]]).contains("keyHashes[0]"))
        #expect(message(["alice": ["other": 1]]).contains("agentTask.alice.other is not allowed"))
        #expect(message(["*": ["agents": []]]).contains("takes only a lifecycle"))
        #expect(message(["alice": ["lifecycle": "soon"]]).contains("agentTask.alice.lifecycle"))
        #expect(message(["alice": ["keys": ["k"], "agents": [["id": "a", "name": "n", "promptChain": [["type": "return", "name": "R"]]]],
                                   "tasks": [["agentId": "a", "status": "done"]]]]).contains("status must be"))
        #expect(try h.dialect.export(tenant: nil) == [:])
        // A key another user holds.
        _ = await h.register("bob", "k")
        #expect(message(["alice": ["keys": ["k"]]]).contains("already registered to another user"))
    }

    @Test func resetsAreScopedToAUserAndToData() async throws {
        let h = try H()
        _ = try await populate(h)
        try h.dialect.reset(tenant: "bob", scope: .all)
        #expect(await h.send("GET", "/api/v1/agent", headers: H.key("key-bob")).json == [])
        #expect(await h.send("GET", "/api/v1/agent").json.arrayValue?.count == 2)
        try h.dialect.reset(tenant: "alice", scope: .data)
        #expect(await h.send("GET", "/api/v1/agent").json == [])
        #expect(await h.send("GET", "/api/v1/task").json == [])
        let left = try h.dialect.export(tenant: nil)
        #expect(left["alice"]?["keyHashes"] != nil && left["alice"]?["agents"] == nil)
        try h.dialect.reset(tenant: nil, scope: .all)
        #expect(try h.dialect.export(tenant: nil) == [:])
        #expect(throws: ControlError.self) { try h.dialect.tenant("no spaces please") }
    }
}
