import Emulator
import JSON
import Store
import Testing
@testable import AgentTask

/// Each lifecycle mode through the routes, where it is chosen (agent, user, dialect, flag), and
/// failure on purpose.
@Suite struct LifecycleTests {
    typealias H = AgentTaskHarness

    private func taskID(_ r: H.Reply) -> String { r["id"]?.stringValue ?? "?" }

    @Test func pollsShowTheChainNodeByNodeAndCountListReads() async throws {
        let h = try H { $0.defaultLifecycle = .afterPolls(3) }
        let a = await h.createAgent()
        let id = taskID(await h.run(a))
        let p1 = await h.send("GET", "/api/v1/task/\(id)")
        #expect(p1["status"] == "running" && p1["logs"] == ["Sypnosis: Running"] && p1["output"] == [:])
        let p2 = await h.send("GET", "/api/v1/task")  // a list that shows it is a poll too
        #expect(p2.json.arrayValue?.first?["logs"] == ["Sypnosis: Running", "character dev: Running"])
        let p3 = await h.send("GET", "/api/v1/task/\(id)")
        #expect(p3["status"] == "complete" && p3["logs"]?.arrayValue?.count == 3)
        #expect(p3["output"]?["context"] != nil)
    }

    @Test func durationMovesOnTheStoreClock() async throws {
        let h = try H { $0.defaultLifecycle = .afterDuration(millis: 3000) }
        let a = await h.createAgent()
        let id = taskID(await h.run(a))
        #expect(await h.send("GET", "/api/v1/task/\(id)")["logs"] == [])
        h.clock.advance(byMillis: 1000)
        #expect(await h.send("GET", "/api/v1/task/\(id)")["logs"] == ["Sypnosis: Running"])
        h.clock.advance(byMillis: 1999)
        #expect(await h.send("GET", "/api/v1/task/\(id)")["status"] == "running")
        h.clock.advance(byMillis: 1)
        #expect(await h.send("GET", "/api/v1/task/\(id)")["status"] == "complete")
        let stored = try #require(try h.store.task(TaskKey(dialect: "agentTask", tenant: "key_\(AgentTaskKeys.id(hash: AgentTaskKeys.hash("key-alice")))", id: id)))
        #expect(stored.completedAt == H.start + 3000)
    }

    @Test func manualRunsMoveOnlyWhenAdvanced() async throws {
        let h = try H()
        _ = await h.register("alice", "key-alice")
        #expect(await h.setLifecycle(#""manual""#, user: "alice").status == 200)
        let a = await h.createAgent()
        let id = taskID(await h.run(a))
        h.clock.advance(byMillis: 86_400_000)
        #expect(await h.send("GET", "/api/v1/task/\(id)")["logs"] == [])
        let s1 = await h.advance(id, user: "alice")
        #expect(s1.status == 200 && s1["logs"] == ["Sypnosis: Running"] && s1["status"] == "running")
        _ = await h.advance(id, user: "alice")
        let end = await h.advance(id, user: "alice")
        #expect(end["status"] == "complete" && end["agent"]?["id"] == .string(a))
        let again = await h.advance(id, user: "alice")
        #expect(again.status == 409)
        #expect(await h.advance("nope", user: "alice").status == 404)
        #expect(await h.advance(id, user: "not a user").status == 400)
    }

    @Test func theAgentsModeBeatsTheUsersWhichBeatsTheDialectsWhichBeatsTheFlag() async throws {
        let h = try H { $0.defaultLifecycle = .afterPolls(9) }
        _ = await h.register("alice", "key-alice")
        let a = await h.createAgent()
        let b = await h.createAgent()
        #expect(await h.setLifecycle(#""polls:5""#).status == 200)   // dialect-wide
        #expect(await h.setLifecycle(#""manual""#, user: "alice").status == 200)
        let sim = await h.send("PUT", "/_polytask/agentTask/users/alice/agents/\(a)/simulation", body: #"{"lifecycle":"immediate"}"#, headers: [])
        #expect(sim.status == 200 && sim.json == ["lifecycle": "immediate"])
        let ta = taskID(await h.run(a))
        let tb = taskID(await h.run(b))
        #expect(await h.send("GET", "/api/v1/task/\(ta)")["status"] == "complete")
        #expect(await h.send("GET", "/api/v1/task/\(tb)")["logs"] == [])  // manual: the user's
        #expect(await h.setLifecycle("null", user: "alice").status == 200)
        let tc = taskID(await h.run(b))
        _ = await h.send("GET", "/api/v1/task/\(tc)")
        let export = try h.dialect.export(tenant: "alice")
        let modes = export["alice"]?["tasks"]?.arrayValue?.compactMap { $0["simulate"]?["mode"]?.stringValue }
        #expect(modes == ["immediate", "manual", "polls:5"])  // the mode is fixed when a run starts
    }

    @Test func aRunFailsOnPurposeByInputFlagOrAgentSetting() async throws {
        let h = try H()
        _ = await h.register("alice", "key-alice")
        let a = await h.createAgent()
        let flagged = await h.run(a, #"{"input":{"prompt":"p","polytask.fail":{"node":"character dev","message":"rate limited"}}}"#)
        #expect(flagged.status == 201 && flagged["status"] == "running")
        let f = await h.send("GET", "/api/v1/task/\(taskID(flagged))")
        #expect(f["status"] == "error")
        #expect(f["logs"] == ["Sypnosis: Running", "character dev: Running", "character dev: Error: rate limited"])
        #expect(f["output"] == [:])
        #expect(await h.run(a, #"{"input":{"prompt":"p","polytask.fail":5}}"#).status == 400)
        // The flag is not an input: a run that is not told to fail completes with it false.
        let notFailing = await h.run(a, #"{"input":{"prompt":"p","polytask.fail":false}}"#)
        #expect(await h.send("GET", "/api/v1/task/\(taskID(notFailing))")["status"] == "complete")
        let put = await h.send("PUT", "/_polytask/agentTask/users/alice/agents/\(a)/simulation",
                               body: #"{"fail":true,"responses":{"Sypnosis":"canned"}}"#, headers: [])
        #expect(put.status == 200)
        #expect(await h.send("GET", "/_polytask/agentTask/users/alice/agents/\(a)/simulation", headers: []).json ==
                ["fail": [:], "responses": ["Sypnosis": "canned"]])
        let set = await h.send("GET", "/api/v1/task/\(taskID(await h.run(a)))")
        #expect(set["status"] == "error" && set["logs"] == ["Sypnosis: Running", "Sypnosis: Error: Simulated failure"])
        #expect(await h.send("DELETE", "/_polytask/agentTask/users/alice/agents/\(a)/simulation", headers: []).status == 204)
        #expect(await h.send("GET", "/api/v1/task/\(taskID(await h.run(a)))")["status"] == "complete")
        // Settings are checked, and belong to an existing agent of that user.
        #expect(await h.send("PUT", "/_polytask/agentTask/users/alice/agents/\(a)/simulation", body: #"{"fail":1}"#, headers: []).status == 400)
        #expect(await h.send("PUT", "/_polytask/agentTask/users/alice/agents/\(a)/simulation", body: #"{"lifecycle":"soon"}"#, headers: []).status == 400)
        #expect(await h.send("PUT", "/_polytask/agentTask/users/alice/agents/\(a)/simulation", body: #"{"other":1}"#, headers: []).status == 400)
        #expect(await h.send("PUT", "/_polytask/agentTask/users/bob/agents/\(a)/simulation", body: "{}", headers: []).status == 404)
    }

    @Test func runsKeepTheChainTheyStartedWith() async throws {
        let h = try H { $0.defaultLifecycle = .manual }
        _ = await h.register("alice", "key-alice")
        let a = await h.createAgent()
        let id = taskID(await h.run(a))
        #expect(await h.send("POST", "/api/v1/agent/\(a)", body: #"{"name":"Renamed","promptChain":[{"type":"return","name":"Only"}]}"#).status == 200)
        _ = await h.advance(id, user: "alice")
        let t = await h.send("GET", "/api/v1/task/\(id)")
        #expect(t["logs"] == ["Sypnosis: Running"])       // the old chain
        #expect(t["agent"]?["name"] == "Renamed")           // the relation as it is now
        #expect(t["name"] == "My agent")                    // named when it started
    }
}
