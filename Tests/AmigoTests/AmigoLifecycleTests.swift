import FastAPI
import JSON
import Store
import Testing
@testable import Amigo

/// The lifecycle simulator through the vendor routes, one test per mode, on the frozen clock.
@Suite struct AmigoLifecycleTests {
    typealias H = AmigoHarness
    let ws = H.workspace
    let task = #"{"task_id":"task-001","call_sid":"CA1234567890abcdef1234567890abcdef","skill":"intake_processing","tier":"companion"}"#

    private func status(_ r: H.Reply) -> String { r["status"]?.stringValue ?? "?" }

    @Test func manualIsTheDefaultAndNothingMovesOnItsOwn() async throws {
        let h = try H()
        await h.create(task)
        for _ in 0..<5 {
            h.clock.advance(byMillis: 3_600_000)
            #expect(status(await h.get("/v1/\(ws)/tasks/task-001")) == "pending")
        }
    }

    @Test func immediateMakesANewTaskTerminalAtCreation() async throws {
        let h = try H()
        #expect(await h.setLifecycle(#"{"mode":"immediate"}"#).status == 200)
        let c = await h.create(task)
        #expect(c.status == 201)
        #expect(status(c) == "completed")
        let r = await h.get("/v1/\(ws)/tasks/task-001")
        #expect(r["status"] == "completed")
        #expect(r["dispatched_at"] == "2026-05-06T12:00:00+00:00")
        #expect(r["completed_at"] == "2026-05-06T12:00:00+00:00")
        #expect(r["duration_ms"] == 0.0)  // a float field: pydantic writes 0.0
        #expect(r["result"] == "Skill intake_processing completed successfully.")
        #expect(r["error"] == .null)
        #expect(r["progress_message"] == "Completed")
        let input = try #require(r["input_tokens"]?.intValue)
        let output = try #require(r["output_tokens"]?.intValue)
        let cached = try #require(r["cached_tokens"]?.intValue)
        #expect((600..<3000).contains(input))
        #expect((80..<680).contains(output))
        #expect(cached >= 0 && cached <= input)
        #expect((0..<4).contains(r["sub_tool_count"]?.intValue ?? -1))
    }

    @Test func immediateCompletesSeededPendingTasksOnTheirFirstRead() async throws {
        let h = try H { $0.defaultLifecycle = .immediate }
        try h.dialect.seed([ws: [["task_id": "t", "call_sid": "c", "skill": "s"]]])
        #expect(try h.store.task(TaskKey(dialect: "amigo", tenant: ws, id: "t"))?.status == "pending")
        #expect(status(await h.get("/v1/\(ws)/tasks/t")) == "completed")
    }

    @Test func afterPollsWalksOneStatePerPollAndCountsByCallReads() async throws {
        let h = try H()
        _ = await h.setLifecycle(#"{"mode":"polls","polls":4}"#)
        await h.create(task)
        #expect(try h.store.task(TaskKey(dialect: "amigo", tenant: ws, id: "task-001"))?.status == "pending")
        let p1 = await h.get("/v1/\(ws)/tasks/task-001")
        #expect(status(p1) == "dispatched")
        #expect(p1["dispatched_at"] == "2026-05-06T12:00:00+00:00")
        #expect(p1["progress_message"] == "Dispatched to companion executor")
        #expect(p1["progress_step"] == 0)
        h.clock.advance(byMillis: 1000)
        let p2 = await h.get("/v1/\(ws)/tasks/by-call/\(H.callSID)")
        let listed = try #require(p2["tasks"]?.arrayValue?.first)
        #expect(listed["status"] == "running")
        #expect(listed["progress_step"] == 1)
        #expect(listed["progress_message"] == "Running skill intake_processing")
        h.clock.advance(byMillis: 1000)
        let p3 = await h.get("/v1/\(ws)/tasks/task-001")
        #expect(status(p3) == "running")
        #expect(p3["progress_step"] == 2)
        #expect(p3["completed_at"] == .null)
        h.clock.advance(byMillis: 500)
        let p4 = await h.get("/v1/\(ws)/tasks/task-001")
        #expect(status(p4) == "completed")
        #expect(p4["completed_at"] == "2026-05-06T12:00:02.500000+00:00")
        #expect(p4["duration_ms"] == 2500.0)
        #expect(p4["progress_step"] == 3)
        // Terminal tasks stay put, and reads no longer write.
        let p5 = await h.get("/v1/\(ws)/tasks/task-001")
        #expect(p5.body == p4.body)
    }

    @Test func afterDurationReportsTheScheduledInstants() async throws {
        let h = try H()
        _ = await h.setLifecycle(#"{"mode":"duration","duration_ms":10000}"#)
        await h.create(task)
        h.clock.advance(byMillis: 999)
        #expect(status(await h.get("/v1/\(ws)/tasks/task-001")) == "pending")
        h.clock.advance(byMillis: 1)
        let d = await h.get("/v1/\(ws)/tasks/task-001")
        #expect(status(d) == "dispatched")
        #expect(d["dispatched_at"] == "2026-05-06T12:00:01+00:00")
        h.clock.advance(byMillis: 1000)
        #expect(status(await h.get("/v1/\(ws)/tasks/task-001")) == "running")
        // Read long after the end: the completion instant is the scheduled one, not the read's.
        h.clock.advance(byMillis: 60_000)
        let c = await h.get("/v1/\(ws)/tasks/task-001")
        #expect(status(c) == "completed")
        #expect(c["completed_at"] == "2026-05-06T12:00:10+00:00")
        #expect(c["duration_ms"] == 9000.0)
    }

    @Test func afterDurationJumpsStraightToTheEndWhenFirstReadLate() async throws {
        let h = try H { $0.defaultLifecycle = .afterDuration(millis: 2000) }
        await h.create(task)
        h.clock.advance(byMillis: 5000)
        let c = await h.get("/v1/\(ws)/tasks/by-call/\(H.callSID)")
        let t = try #require(c["tasks"]?.arrayValue?.first)
        #expect(t["status"] == "completed")
        #expect(t["dispatched_at"] == "2026-05-06T12:00:00.200000+00:00")
        #expect(t["completed_at"] == "2026-05-06T12:00:02+00:00")
        #expect(t["duration_ms"] == 1800.0)
    }

    @Test(arguments: [("failed", "SkillExecutionError", "Skill intake_processing failed", "Failed"),
                      ("timeout", "TimeoutError", "Task exceeded its time limit", "Timed out")])
    func simulatedFailureOutcomes(outcome: String, errorType: String, error: String, progress: String) async throws {
        let h = try H { $0.defaultLifecycle = .immediate }
        let c = await h.create(#"{"task_id":"t","call_sid":"c","skill":"intake_processing","simulate":{"outcome":"\#(outcome)"}}"#)
        #expect(c["status"] == .string(outcome))
        #expect(c["error_type"] == .string(errorType))
        #expect(c["error"] == .string(error))
        #expect(c["result"] == .null)
        #expect(c["progress_message"] == .string(progress))
        #expect(c["completed_at"] == "2026-05-06T12:00:00+00:00")
    }

    @Test func simulatedTextsOverrideTheDefaults() async throws {
        let h = try H { $0.defaultLifecycle = .immediate }
        let c = await h.create(#"{"task_id":"t","call_sid":"c","skill":"s","simulate":{"outcome":"failed","error":"boom","error_type":"Boom"}}"#)
        #expect(c["error"] == "boom")
        #expect(c["error_type"] == "Boom")
        let ok = await h.create(#"{"task_id":"u","call_sid":"c","skill":"s","simulate":{"result":"42"}}"#)
        #expect(ok["result"] == "42")
    }

    @Test func tokenCountsACreatorSetAreNeverLowered() async throws {
        let h = try H { $0.defaultLifecycle = .immediate }
        let c = await h.create(#"{"task_id":"t","call_sid":"c","skill":"s","input_tokens":99999,"output_tokens":88888}"#)
        #expect(c["input_tokens"] == 99999)
        #expect(c["output_tokens"] == 88888)
    }

    @Test func seededTerminalAndCancelledTasksNeverMove() async throws {
        let h = try H { $0.defaultLifecycle = .afterPolls(1) }
        try h.dialect.seed([ws: [["task_id": "x", "call_sid": "c", "skill": "s", "status": "cancelled"]]])
        #expect(status(await h.get("/v1/\(ws)/tasks/x")) == "cancelled")
    }

    @Test func modesArePerWorkspaceWithADefaultForAll() async throws {
        let h = try H()
        _ = await h.setLifecycle(#""immediate""#, workspace: "*")
        _ = await h.setLifecycle(#"{"mode":"manual"}"#, workspace: H.otherWorkspace)
        #expect(status(await h.create(task)) == "completed")
        #expect(status(await h.create(task, workspace: H.otherWorkspace)) == "pending")
        // Dropping the workspace's own choice falls back to the default.
        let dropped = await h.setLifecycle(#"{"mode":null}"#, workspace: H.otherWorkspace)
        #expect(dropped["amigo"]?["effective"]?["mode"] == "immediate")
        #expect(dropped["amigo"]?["own"] == .null)
        #expect(status(await h.get("/v1/\(H.otherWorkspace)/tasks/task-001")) == "completed")
    }

    @Test func lifecycleRouteValidatesAndReportsTheMode() async throws {
        let h = try H()
        let get = await h.send("GET", "/_polytask/lifecycle?dialect=amigo&tenant=\(ws)", headers: [])
        #expect(get["amigo"]?["effective"] == ["mode": "manual"])
        #expect(get["amigo"]?["default"] == ["mode": "manual"])
        #expect(get["amigo"]?["own"] == .null)
        let put = await h.setLifecycle(#"{"mode":"polls","polls":3}"#)
        #expect(put["amigo"]?["own"] == ["mode": "polls", "polls": 3])
        #expect(put["amigo"]?["tenant"] == .string(ws))
        #expect(await h.setLifecycle(#""duration:5s""#)["amigo"]?["effective"] == ["mode": "duration", "duration_ms": 5000])
        for bad in [#"{"mode":"sometimes"}"#, #"{"mode":"polls","polls":0}"#, #"{"mode":"duration"}"#, #"{}"#, #""polls:x""#] {
            let r = await h.setLifecycle(bad)
            #expect(r.status == 400, "\(bad)")
            #expect(r["error"] == "invalid_lifecycle", "\(bad)")
        }
        let nope = await h.setLifecycle(#"{"mode":"immediate"}"#, workspace: "nope")
        #expect(nope.status == 400)
        #expect(nope["message"]?.stringValue?.contains("is not a workspace UUID") == true)
    }

    @Test func advanceMovesOneStepAtATime() async throws {
        let h = try H()
        await h.create(task)
        #expect(status(await h.advance("task-001")) == "dispatched")
        #expect(status(await h.advance("task-001")) == "running")
        h.clock.advance(byMillis: 750)
        let done = await h.advance("task-001")
        #expect(status(done) == "completed")
        #expect(done["duration_ms"] == 750)
        let again = await h.advance("task-001")
        #expect(again.status == 409)
        #expect(await h.advance("none").status == 404)
    }

    @Test func concurrentPollsAreEachCountedOnce() async throws {
        let h = try H { $0.defaultLifecycle = .afterPolls(50) }
        await h.create(task)
        await withTaskGroup(of: Void.self) { g in
            for _ in 0..<49 { g.addTask { _ = await h.get("/v1/\(ws)/tasks/task-001") } }
        }
        #expect(status(await h.get("/v1/\(ws)/tasks/task-001")) == "completed")
    }
}
