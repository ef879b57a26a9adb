import Emulator
import JSON
import Store
import Testing
@testable import AgentTask

/// The vendor routes through the router: shapes, errors, agents, runs, tasks.
@Suite struct APITests {
    typealias H = AgentTaskHarness

    @Test func theTaskObjectHasTheDocumentedFieldsInOrderWithItsRelations() async throws {
        let h = try H()
        let agentId = await h.createAgent()
        let created = await h.run(agentId, #"{"input":{"prompt":"Write a nice story"},"callback":"https://myapp.com/api/v1/callback/2100aaa"}"#)
        #expect(created.status == 201)
        let id = try #require(created["id"]?.stringValue)
        // As the engine answers before its background run: running, nothing logged yet.
        #expect(created.text.hasPrefix(#"{"id":"\#(id)","name":"My agent","agentId":"\#(agentId)","userId":"key_"#))
        #expect(created["createdAt"] == "2026-01-01T00:00:00.000Z")
        #expect(created["logs"] == [] && created["output"] == [:] && created["status"] == "running")
        #expect(created["callback"] == "https://myapp.com/api/v1/callback/2100aaa")
        // The default lifecycle (immediate) has already ended it.
        let got = await h.send("GET", "/api/v1/task/\(id)")
        let keys = try #require(got.json.objectValue).keys.sorted()
        #expect(keys == ["agent", "agentId", "callback", "createdAt", "id", "logs", "name", "output", "status", "user", "userId"])
        let order = ["\"id\":", "\"name\":", "\"agentId\":", "\"userId\":", "\"createdAt\":", "\"logs\":", "\"output\":",
                     "\"status\":", "\"callback\":", "\"agent\":", "\"user\":"]
        let positions = order.map { got.text.firstRange(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(zip(positions, positions.dropFirst()).allSatisfy { ($0.0 ?? got.text.startIndex) < ($0.1 ?? got.text.startIndex) })
        #expect(got["status"] == "complete")
        #expect(got["logs"] == ["Sypnosis: Running", "character dev: Running", "Return: Running"])
        #expect(got["output"] == ["context": "[character dev] ### [Sypnosis] Write a nice story ### Write a nice story"])
        #expect(got["user"] == ["id": got["userId"] ?? .null])
        #expect(got["agent"]?["id"] == .string(agentId))
        #expect(got["agent"]?["promptChain"]?.arrayValue?.count == 3)
    }

    @Test func theAgentShapeKeepsNumbersAsJavaScriptWritesThem() async throws {
        let h = try H()
        let r = await h.send("POST", "/api/v1/agent", body: #"{"name":"n","promptChain":[{"type":"prompt","name":"A","output":"o","temperature":1.0,"topP":1e-7}]}"#)
        #expect(r.status == 201)
        #expect(r.text.contains(#""temperature":1,"topP":1e-7"#))
        #expect(r.text.hasPrefix(#"{"id":""#))
        #expect(r.text.contains(#","name":"n","description":null,"variables":{},"promptChain":["#))
        #expect(r.text.hasSuffix(#""createdAt":"2026-01-01T00:00:00.000Z"}"#))
        let id = try #require(r["id"]?.stringValue)
        #expect(id.count == 36 && id.split(separator: "-").count == 5)  // uuid4
    }

    @Test func errorsHaveOneShapeAndTheDocumentedTexts() async throws {
        let h = try H()
        #expect(await h.send("GET", "/api/v1/task", headers: []).text == #"{"error":"Unauthorized. API key is invalid"}"#)
        #expect(await h.send("GET", "/api/v1/task", headers: [("apikey", "  ")]).status == 401)
        #expect(await h.send("GET", "/api/v1/task", headers: [("Authorization", "Bearer x")]).status == 401)
        let missing = await h.send("GET", "/api/v1/task/nope")
        #expect(missing.status == 404 && missing.text == #"{"error":"Task's ID is not found."}"#)
        let del = await h.send("DELETE", "/api/v1/task/nope")
        #expect(del.status == 404 && del.text == #"{"error":"Task's ID not found"}"#)
        let agent = await h.send("GET", "/api/v1/agent/nope")
        #expect(agent.status == 404 && agent.text == #"{"error":"Agent's ID is not found."}"#)
        #expect(await h.send("GET", "/api/v1/workflow/nope").status == 404)
        #expect(await h.run("nope").status == 404)
        // Unknown paths and methods: the same shape, no key needed to learn a route is absent.
        let unknown = await h.send("GET", "/api/v1/tasks", headers: [])
        #expect(unknown.status == 404 && unknown.text == #"{"error":"Not found"}"#)
        let method = await h.send("PUT", "/api/v1/task/x")
        #expect(method.status == 405 && method.headers["Allow"] == "GET, HEAD, DELETE")
        #expect(method.text == #"{"error":"Method PUT Not Allowed"}"#)
        let badJSON = await h.send("POST", "/api/v1/agent", body: "{")
        #expect(badJSON.status == 400 && badJSON.text == #"{"error":"Invalid JSON body"}"#)
        // An apikey header name in any case.
        #expect(await h.send("GET", "/api/v1/task", headers: [("APIKEY", "k")]).status == 200)
    }

    @Test func aRunNamesItsMissingInputsAndChecksItsBody() async throws {
        let h = try H()
        let a = await h.createAgent()
        let missing = await h.run(a, #"{"input":{"prompt":""}}"#)
        #expect(missing.status == 400)
        #expect(missing.text == #"{"error":"Missing required inputs: prompt","missing":["prompt"]}"#)
        #expect(await h.run(a, "").status == 400)  // no body: no input
        #expect(await h.run(a, #"{"input":"x"}"#)["error"] == "input must be an object of the agent's inputs")
        #expect(await h.run(a, #"{"input":{"prompt":{"a":1}}}"#)["error"] == "input.prompt must be a string, number or boolean")
        #expect(await h.run(a, #"{"input":{"prompt":"p"},"callback":"ftp://x"}"#)["error"] == "callback must be an http or https URL")
        #expect(await h.run(a, #"{"input":{"prompt":"p"},"name":5}"#)["error"] == "name must be a non-empty string")
        #expect(await h.run(a, "[1]")["error"] == "The body must be a JSON object")
        // Numbers and booleans are inputs as JavaScript's String() writes them; the name is the caller's.
        let ok = await h.run(a, #"{"input":{"prompt":0.5,"genre":true},"name":"run 1"}"#)
        #expect(ok.status == 201 && ok["name"] == "run 1")
        let done = await h.send("GET", "/api/v1/task/\(ok["id"]?.stringValue ?? "")")
        #expect(done["output"]?["context"]?.stringValue?.hasSuffix("### 0.5") == true)
        #expect(done["callback"] == .null)
    }

    @Test func workflowSchemaNamesTheRequiredInputs() async throws {
        let h = try H()
        let a = await h.createAgent()
        let r = await h.send("GET", "/api/v1/workflow/\(a)")
        #expect(r.status == 200)
        #expect(r["input"]?["required"] == ["prompt"])
        #expect(r["input"]?["properties"]?["genre"]?["default"] == "Science fiction")
    }

    @Test func agentsAreCreatedListedRewrittenAndDeletedWithTheirTasks() async throws {
        let h = try H()
        let a = await h.createAgent(#"{"id":"movie-script","name":"Movie","promptChain":[{"type":"return","name":"R","output":[]}]}"#)
        #expect(a == "movie-script")
        #expect(await h.send("POST", "/api/v1/agent", body: #"{"id":"movie-script","name":"x","promptChain":[{"type":"return","name":"R"}]}"#).status == 409)
        h.clock.advance(byMillis: 1000)
        let b = await h.createAgent()
        let list = await h.send("GET", "/api/v1/agent")
        #expect(list.json.arrayValue?.compactMap { $0["id"]?.stringValue } == [b, "movie-script"])  // newest first
        h.clock.advance(byMillis: 1000)
        let rewrite = await h.send("POST", "/api/v1/agent/movie-script",
                                   body: #"{"id":"ignored","name":"Movie 2","description":"d","promptChain":[{"type":"return","name":"End"}]}"#)
        #expect(rewrite.status == 200)
        #expect(rewrite["id"] == "movie-script" && rewrite["name"] == "Movie 2" && rewrite["description"] == "d")
        #expect(rewrite["createdAt"] == "2026-01-01T00:00:00.000Z")
        #expect(rewrite["variables"] == [:])
        #expect(await h.send("POST", "/api/v1/agent/nope", body: #"{"name":"x","promptChain":[{"type":"return","name":"R"}]}"#).status == 404)
        // The agent of the path before the fields: a bad rewrite of an unknown agent is its 404.
        #expect(await h.send("POST", "/api/v1/agent/nope", body: #"{"name":""}"#).status == 404)
        #expect(await h.send("POST", "/api/v1/agent/nope", body: "{").status == 400)  // but the JSON first
        #expect(await h.send("POST", "/api/v1/agent/movie-script", body: #"{"name":""}"#).status == 400)
        let t1 = await h.run("movie-script", "{}")
        let t2 = await h.run(b)
        #expect(t1.status == 201 && t2.status == 201)
        let deleted = await h.send("DELETE", "/api/v1/agent/movie-script")
        #expect(deleted.status == 200 && deleted["name"] == "Movie 2")
        #expect(await h.send("GET", "/api/v1/agent/movie-script").status == 404)
        #expect(await h.send("GET", "/api/v1/task/\(t1["id"]?.stringValue ?? "")").status == 404)  // cascade
        #expect(await h.send("GET", "/api/v1/task/\(t2["id"]?.stringValue ?? "")").status == 200)
        #expect(await h.send("DELETE", "/api/v1/agent/movie-script").status == 404)
    }

    @Test func tasksAreListedNewestFirstAndDeletedWithA200() async throws {
        let h = try H()
        let a = await h.createAgent()
        let first = await h.run(a)
        let second = await h.run(a)  // same millisecond: insertion order decides
        h.clock.advance(byMillis: 5)
        let third = await h.run(a)
        let ids = [third, second, first].compactMap { $0["id"]?.stringValue }
        let list = await h.send("GET", "/api/v1/task")
        #expect(list.status == 200)
        #expect(list.json.arrayValue?.compactMap { $0["id"]?.stringValue } == ids)
        #expect(list.json.arrayValue?.allSatisfy { $0["agent"]?["id"] == .string(a) } == true)
        let del = await h.send("DELETE", "/api/v1/task/\(ids[1])")
        #expect(del.status == 200 && del["id"] == .string(ids[1]) && del["status"] == "complete")
        #expect(await h.send("GET", "/api/v1/task/\(ids[1])").status == 404)
        #expect(await h.send("GET", "/api/v1/task").json.arrayValue?.count == 2)
    }

    @Test func theListIsBoundedByItsLimit() async throws {
        let h = try H { $0.listLimit = 2 }
        let a = await h.createAgent()
        for _ in 0..<3 { _ = await h.run(a) }
        #expect(await h.send("GET", "/api/v1/task").json.arrayValue?.count == 2)
    }
}
