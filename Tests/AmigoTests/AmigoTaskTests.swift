import Foundation
import JSON
import Store
import Testing
@testable import Amigo

/// `GET /v1/{workspace_id}/tasks/{task_id}` and `GET /v1/{workspace_id}/tasks/by-call/{call_sid}`.
@Suite struct AmigoTaskTests {
    typealias H = AmigoHarness
    let ws = H.workspace

    @Test func minimalTaskRendersEverySpecFieldWithDefaultsAndNulls() async throws {
        let h = try H()
        try h.dialect.seed(["amigo": [ws: [["task_id": "task-001", "call_sid": .string(H.callSID), "skill": "intake_processing"]]]])
        let r = await h.get("/v1/\(ws)/tasks/task-001")
        #expect(r.status == 200)
        #expect(r.headers["Content-Type"] == "application/json")
        #expect(r.text == #"{"task_id":"task-001","call_sid":"CA1234567890abcdef1234567890abcdef","workspace_id":"00000000-0000-0000-0000-000000000001","skill":"intake_processing","tier":"direct","status":"pending","result":null,"error":null,"error_type":null,"duration_ms":null,"input_tokens":0,"output_tokens":0,"cached_tokens":0,"sub_tool_count":0,"progress_message":null,"progress_step":null,"dispatched_at":null,"completed_at":null}"#)
    }

    @Test func fullySpecifiedTaskRoundTripsEveryField() async throws {
        let h = try H()
        let task: JSONValue = [
            "task_id": "task-001", "call_sid": .string(H.callSID), "workspace_id": .string(ws), "skill": "verify_insurance",
            "tier": "computer_use", "status": "failed", "result": "partial", "error": "portal down", "error_type": "PortalError",
            "duration_ms": 1234.5, "input_tokens": 900, "output_tokens": 120, "cached_tokens": 300, "sub_tool_count": 2,
            "progress_message": "Logging in", "progress_step": 3,
            "dispatched_at": "2026-05-06T11:59:00.250000+00:00", "completed_at": "2026-05-06T11:59:01.484500+00:00",
        ]
        try h.dialect.seed(["amigo": [ws: [task]]])
        let r = await h.get("/v1/\(ws)/tasks/task-001")
        #expect(r.status == 200)
        #expect(r.json == task)
        let order = ["task_id", "call_sid", "workspace_id", "skill", "tier", "status", "result", "error", "error_type", "duration_ms",
                     "input_tokens", "output_tokens", "cached_tokens", "sub_tool_count", "progress_message", "progress_step",
                     "dispatched_at", "completed_at"]
        let positions = order.compactMap { r.text.range(of: "\"\($0)\":")?.lowerBound }
        #expect(positions.count == order.count)
        #expect(positions == positions.sorted(), "keys come in the spec's order")
    }

    @Test func unknownOtherWorkspaceAndExpiredAllGiveTheSame404() async throws {
        let h = try H { $0.taskTTLMillis = 60_000 }
        await h.create(#"{"task_id":"task-001","call_sid":"\#(H.callSID)","skill":"s"}"#)
        let expected = #"{"detail":"Task not found or expired"}"#
        let unknown = await h.get("/v1/\(ws)/tasks/nope")
        #expect(unknown.status == 404 && unknown.text == expected)
        let other = await h.get("/v1/\(H.otherWorkspace)/tasks/task-001")
        #expect(other.status == 404 && other.text == expected)
        #expect(await h.get("/v1/\(ws)/tasks/task-001").status == 200)
        h.clock.advance(byMillis: 59_999)
        #expect(await h.get("/v1/\(ws)/tasks/task-001").status == 200)
        h.clock.advance(byMillis: 1)
        let expired = await h.get("/v1/\(ws)/tasks/task-001")
        #expect(expired.status == 404 && expired.text == expected)
        // ...and it is gone from by-call too.
        #expect(await h.get("/v1/\(ws)/tasks/by-call/\(H.callSID)").text == #"{"tasks":[]}"#)
    }

    @Test func workspaceIdIsCanonicalisedInEveryUUIDForm() async throws {
        let h = try H()
        await h.create(#"{"task_id":"t1","call_sid":"c","skill":"s"}"#, workspace: "00000000-0000-0000-0000-00000000000A")
        for form in ["00000000-0000-0000-0000-00000000000a", "00000000-0000-0000-0000-00000000000A",
                     "0000000000000000000000000000000a", "%7B00000000-0000-0000-0000-00000000000a%7D",
                     "urn:uuid:00000000-0000-0000-0000-00000000000a"] {
            let r = await h.get("/v1/\(form)/tasks/t1")
            #expect(r.status == 200, "\(form)")
            #expect(r["workspace_id"] == "00000000-0000-0000-0000-00000000000a")
        }
    }

    @Test func byCallAsTaskIdStillRoutesToGetTask() async throws {
        let h = try H()
        let miss = await h.get("/v1/\(ws)/tasks/by-call")
        #expect(miss.status == 404)
        #expect(miss.text == #"{"detail":"Task not found or expired"}"#)
        await h.create(#"{"task_id":"by-call","call_sid":"c","skill":"s"}"#)
        let hit = await h.get("/v1/\(ws)/tasks/by-call")
        #expect(hit.status == 200)
        #expect(hit["task_id"] == "by-call")
    }

    /// uvicorn decodes the path before Starlette matches it, so `%2F` separates segments (the
    /// oracle, Tests/oracle): `a%2Fb` is two segments and no route (this test used to expect
    /// the task `a/b`), and `by-call%2F<sid>` reaches by-call.
    @Test func encodedSlashSplitsSegmentsAsUnderStarlette() async throws {
        let h = try H()
        await h.create(#"{"task_id":"a/b","call_sid":"c","skill":"s"}"#)
        let r = await h.get("/v1/\(ws)/tasks/a%2Fb")
        #expect(r.status == 404)
        #expect(r.text == #"{"detail":"Not Found"}"#)
        #expect(await h.get("/v1/\(ws)/tasks/by-call%2Fc")["tasks"]?.arrayValue?.count == 1)
        #expect(await h.get("/v1/\(ws)/tasks/%FF").text == #"{"detail":"Task not found or expired"}"#)
    }

    @Test func byCallIsNeverA404AndListsOnlyThisWorkspacesTasksNewestFirst() async throws {
        let h = try H()
        let empty = await h.get("/v1/\(ws)/tasks/by-call/CAunknown")
        #expect(empty.status == 200)
        #expect(empty.text == #"{"tasks":[]}"#)
        await h.create(#"{"task_id":"first","call_sid":"\#(H.callSID)","skill":"s"}"#)
        h.clock.advance(byMillis: 10)
        await h.create(#"{"task_id":"second","call_sid":"\#(H.callSID)","skill":"s"}"#)
        await h.create(#"{"task_id":"other-call","call_sid":"CAother","skill":"s"}"#)
        await h.create(#"{"task_id":"other-ws","call_sid":"\#(H.callSID)","skill":"s"}"#, workspace: H.otherWorkspace)
        let r = await h.get("/v1/\(ws)/tasks/by-call/\(H.callSID)")
        #expect(r.status == 200)
        let ids = r["tasks"]?.arrayValue?.compactMap { $0["task_id"]?.stringValue }
        #expect(ids == ["second", "first"])
        let item = try #require(r["tasks"]?.arrayValue?.first)
        #expect(item["call_sid"]?.stringValue == H.callSID)
        #expect(item["input_tokens"] == 0)
        #expect(item.objectValue?.count == 18)
    }

    @Test func byCallHonoursItsLimit() async throws {
        let h = try H { $0.byCallLimit = 3 }
        for i in 0..<5 { await h.create(#"{"task_id":"t\#(i)","call_sid":"c","skill":"s"}"#) }
        let r = await h.get("/v1/\(ws)/tasks/by-call/c")
        #expect(r["tasks"]?.arrayValue?.count == 3)
    }

    /// FastAPI's `APIRoute` does not add HEAD to a GET route (the oracle, Tests/oracle); this
    /// test used to expect HEAD to be served like GET.
    @Test func headIsNotAllowedOnAGetRoute() async throws {
        let h = try H()
        await h.create(#"{"task_id":"t","call_sid":"c","skill":"s"}"#)
        let r = await h.send("HEAD", "/v1/\(ws)/tasks/t")
        #expect(r.status == 405)
        #expect(r.headers["Allow"] == "GET")
    }
}
