import Emulator
import JSON
import Store
import Testing
@testable import AgentTask

/// A run's callback: enqueued in the outbox in the write that ends the run, once, with the
/// task object as its body. (Delivery is the worker's; these tests read the outbox.)
@Suite struct CallbackTests {
    typealias H = AgentTaskHarness
    static let cb = "https://myapp.com/api/v1/callback/2100aaa"

    private func run(_ h: H, _ agent: String, callback: String = CallbackTests.cb, extra: String = "") async -> String {
        await h.run(agent, #"{"input":{"prompt":"p"\#(extra)},"callback":"\#(callback)"}"#)["id"]?.stringValue ?? "?"
    }

    @Test func anEndedRunEnqueuesItsTaskAsTheBody() async throws {
        let h = try H()
        _ = await h.register("alice", "key-alice")
        let a = await h.createAgent()
        let id = await run(h, a)
        let d = try #require(try h.deliveries().first)
        #expect(try h.deliveries().count == 1)
        #expect(d.target == Self.cb + "?taskId=" + id)
        #expect(d.headers == [DeliveryHeader("Content-Type", "application/json")])
        #expect(d.tenant == "alice" && d.eventID == "task.ended:alice:\(id)")
        #expect(d.status == .pending && d.nextAttemptAt == H.start)
        // The body is the task object (not a JSON string holding it), as GET shows the ended task.
        let got = await h.send("GET", "/api/v1/task/\(id)")
        #expect(d.body == got.body)
        #expect(try JSONParser.parse(d.body)["status"] == "complete")
    }

    @Test func aFailedRunSendsItsCallbackToo() async throws {
        let h = try H()
        let a = await h.createAgent()
        _ = await run(h, a, extra: #","polytask.fail":true"#)
        let d = try #require(try h.deliveries().first)
        #expect(try JSONParser.parse(d.body)["status"] == "error")
    }

    @Test func pollsEnqueueOnlyWhenTheRunEndsAndOnlyOnce() async throws {
        let h = try H { $0.defaultLifecycle = .afterPolls(2) }
        let a = await h.createAgent()
        let id = await run(h, a)
        #expect(try h.deliveries().isEmpty)
        _ = await h.send("GET", "/api/v1/task/\(id)")
        #expect(try h.deliveries().isEmpty)
        _ = await h.send("GET", "/api/v1/task/\(id)")
        #expect(try h.deliveries().count == 1)
        _ = await h.send("GET", "/api/v1/task")
        _ = await h.send("GET", "/api/v1/task/\(id)")
        #expect(try h.deliveries().count == 1)
    }

    @Test func durationRunsScheduleTheirCallbackForTheirEnd() async throws {
        let h = try H { $0.defaultLifecycle = .afterDuration(millis: 60_000) }
        let a = await h.createAgent()
        let id = await run(h, a)
        let d = try #require(try h.deliveries().first)
        #expect(d.nextAttemptAt == H.start + 60_000)
        #expect(try JSONParser.parse(d.body)["status"] == "complete")
        // A read after the end finds it enqueued already: still one, with the same body.
        h.clock.advance(byMillis: 60_000)
        let got = await h.send("GET", "/api/v1/task/\(id)")
        #expect(got["status"] == "complete")
        #expect(try h.deliveries().count == 1)
        #expect(try h.deliveries().first?.body == got.body)
    }

    @Test func manualRunsEnqueueWhenAdvancedToTheEnd() async throws {
        let h = try H { $0.defaultLifecycle = .manual }
        _ = await h.register("alice", "key-alice")
        let a = await h.createAgent()
        let id = await run(h, a, callback: "http://127.0.0.1:9000/hook?src=nla")
        for _ in 0..<2 { _ = await h.advance(id, user: "alice") }
        #expect(try h.deliveries().isEmpty)
        _ = await h.advance(id, user: "alice")
        #expect(try h.deliveries().first?.target == "http://127.0.0.1:9000/hook?src=nla&taskId=\(id)")
    }

    @Test func noCallbackNoDelivery() async throws {
        let h = try H()
        let a = await h.createAgent()
        _ = await h.run(a)
        #expect(try h.deliveries().isEmpty)
    }

    @Test func aDataResetDropsTheUsersDeliveries() async throws {
        let h = try H()
        _ = await h.register("alice", "key-alice")
        let a = await h.createAgent()
        _ = await run(h, a)
        try h.dialect.reset(tenant: "alice", scope: .data)
        #expect(try h.deliveries().isEmpty)
        #expect(await h.send("GET", "/api/v1/task").status == 200)  // the key stays with .data
    }
}
