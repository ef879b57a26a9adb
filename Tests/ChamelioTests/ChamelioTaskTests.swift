import JSON
import Store
import Testing
@testable import Chamelio

/// Get, approval-details, approve, cancel and the lifecycle modes through the router.
@Suite struct ChamelioTaskTests {
    typealias H = ChamelioHarness

    @Test func unknownNonIntegerAndOtherOrganisationsTasks() async throws {
        let h = try H()
        #expect(await h.get("/tasks/1").text == #"{"detail":"Task not found"}"#)
        #expect(await h.get("/tasks/99999999999999999999999").status == 404)
        let bad = await h.get("/tasks/abc")
        #expect(bad.status == 422)
        #expect(bad.text == #"{"detail":[{"type":"int_parsing","loc":["path","task_id"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"abc"}]}"#)
        let id = await h.initiate()
        // pydantic's integer strings name the same task.
        #expect(await h.get("/tasks/%20\(id)%20").status == 200)
        for path in ["/tasks/\(id)", "/tasks/\(id)/approval-details", "/tasks/\(id)/files", "/tasks/\(id)/signed-documents",
                     "/tasks/\(id)/steps/agent_step/document"] {
            let r = await h.get(path, headers: H.apiKey(H.otherKey))
            #expect(r.status == 404 && r.text == #"{"detail":"Task not found"}"#, "\(path)")
        }
        #expect(await h.post("/tasks/\(id)/cancel", headers: H.apiKey(H.otherKey)).status == 404)
        #expect(await h.post("/tasks/\(id)/approve", #"{"approved":true}"#, headers: H.apiKey(H.otherKey)).status == 404)
        #expect(await h.task(id)["status"]?.stringValue == "pending")
    }

    @Test func approvalDetailsAtTheApprovalStep() async throws {
        let h = try H()
        let id = await h.initiate()
        let r = await h.get("/tasks/\(id)/approval-details")
        #expect(r.status == 200)
        #expect(r.text.hasPrefix(#"{"task_id":1,"step_run":{"step_run_id":"sr_1_3","step_id":"approval_step","step_name":"Legal Approval","step_type":"approval","status":"pending","variables":[]},"eligible_approvers_active":["legal@example.com"],"next_eligible_approvers":[],"variables_to_approve":["#))
        #expect(r["files"] == .array([]))
        let bad = await h.get("/tasks/\(id)/approval-details?include_files=perhaps")
        #expect(bad.text == #"{"detail":[{"type":"bool_parsing","loc":["query","include_files"],"msg":"Input should be a valid boolean, unable to interpret input","input":"perhaps"}]}"#)
    }

    @Test func approveMovesOnRejectFailsAndBothAreRefusedElsewhere() async throws {
        let h = try H()
        let id = await h.initiate()
        let ok = await h.post("/tasks/\(id)/approve", #"{"approved":true,"comment":"ok","user_email":"legal@example.com"}"#)
        #expect(ok.text == #"{"task_id":1,"status":"pending","approved":true,"message":"Approval submitted successfully"}"#)
        #expect(await h.task(id)["current_step_id"]?.stringValue == "signature_step")
        let again = await h.post("/tasks/\(id)/approve", #"{"approved":true}"#)
        #expect(again.status == 409 && again.text == #"{"detail":"Task is not at an approval step"}"#)
        #expect(await h.get("/tasks/\(id)/approval-details").status == 409)

        let second = await h.initiate()
        let no = await h.post("/tasks/\(second)/approve", #"{"approved":"no"}"#)
        #expect(no.text == #"{"task_id":2,"status":"failed","approved":false,"message":"Approval submitted successfully"}"#)
        let t = await h.task(second)
        #expect(t["status"]?.stringValue == "failed")
        #expect(t["step_runs"]?.arrayValue?.last?["status"]?.stringValue == "rejected")
        #expect(t["current_step_id"]?.stringValue == "approval_step")
        let invalid = await h.post("/tasks/\(second)/approve", #"{"comment":5}"#)
        #expect(invalid.text == #"{"detail":[{"type":"missing","loc":["body","approved"],"msg":"Field required","input":{"comment":5}},{"type":"string_type","loc":["body","comment"],"msg":"Input should be a valid string","input":5}]}"#)
        let path = await h.post("/tasks/x/approve", #"{}"#)
        #expect(path["detail"]?.arrayValue?.compactMap { $0["loc"] } == [["path", "task_id"], ["body", "approved"]])
    }

    @Test func approverVariablesAreTypedAndRecorded() async throws {
        let h = try H()
        let id = await h.initiate()
        let wrong = await h.post("/tasks/\(id)/approve", #"{"approved":true,"variables":[{"variable_id":"contract_value","type":"number","value":"much"}]}"#)
        #expect(wrong.status == 400 && wrong["detail"]?.stringValue == "Invalid value for variable 'contract_value' (number): 'much'")
        #expect(await h.task(id)["current_step_id"]?.stringValue == "approval_step")
        let ok = await h.post("/tasks/\(id)/approve", #"{"approved":true,"variables":[{"variable_id":"contract_value","type":"number","value":"120000"}]}"#)
        #expect(ok.status == 200)
        let t = await h.task(id)
        let run = t["step_runs"]?.arrayValue?.first { $0["step_id"]?.stringValue == "approval_step" }
        #expect(run?["variables"] == [["variable_type": "number", "value": 120_000, "step_id": "approval_step", "variable_id": "contract_value"]])
        #expect(run?["status"]?.stringValue == "completed")
    }

    @Test func cancelOnlyFromPendingOrInProgress() async throws {
        let h = try H()
        let id = await h.initiate()
        let r = await h.post("/tasks/\(id)/cancel")
        #expect(r.text == #"{"task_id":1,"status":"cancelled","message":"Task cancelled successfully"}"#)
        let t = await h.task(id)
        #expect(t["status"]?.stringValue == "cancelled")
        #expect(t["step_runs"]?.arrayValue?.last?["status"]?.stringValue == "cancelled")
        let again = await h.post("/tasks/\(id)/cancel")
        #expect(again.status == 409 && again.text == #"{"detail":"Task cannot be cancelled in its current state"}"#)
        // A body is ignored (the route declares none), even a malformed one.
        #expect(await h.post("/tasks/\(id)/cancel", "{oops").status == 409)
    }

    @Test func manualModeWaitsForAdvanceAndPollsCountOnlyOnGet() async throws {
        let h = try H()
        #expect(await h.setLifecycle(#""manual""#).status == 200)
        let id = await h.initiate()
        #expect(await h.task(id)["status"]?.stringValue == "in_progress")
        #expect(await h.task(id)["current_step_id"]?.stringValue == "intake_step")
        let moved = await h.advance(id)
        #expect(moved.status == 200)
        #expect(moved["task"]?["current_step_id"]?.stringValue == "agent_step")
        // The cancel of a task in progress works too.
        #expect(await h.post("/tasks/\(id)/cancel").status == 200)
        #expect(await h.advance(id).status == 409)
        #expect(await h.advance(999).status == 404)

        #expect(await h.setLifecycle(#"{"mode":"polls","polls":2}"#).status == 200)
        let p = await h.initiate()
        _ = await h.get("/tasks/\(p)/files")               // not a poll
        _ = await h.get("/tasks/\(p)/approval-details")    // not a poll
        #expect(await h.task(p)["current_step_id"]?.stringValue == "intake_step")  // poll 1
        #expect(await h.task(p)["current_step_id"]?.stringValue == "agent_step")   // poll 2
        _ = await h.task(p)
        #expect(await h.task(p)["current_step_id"]?.stringValue == "approval_step")
    }

    @Test func durationModeRunsOnTheStoreClock() async throws {
        let h = try H()
        #expect(await h.setLifecycle(#""duration:10s""#).status == 200)
        let id = await h.initiate()
        #expect(await h.task(id)["current_step_id"]?.stringValue == "intake_step")
        h.clock.advance(byMillis: 15_000)
        let mid = await h.task(id)
        #expect(mid["current_step_id"]?.stringValue == "agent_step")
        #expect(mid["updated_at"]?.stringValue == "2025-01-20T10:30:10Z")
        h.clock.advance(byMillis: 60_000)
        // Any read brings it up to date, not only a get.
        #expect(await h.get("/tasks/\(id)/approval-details").status == 200)
        #expect(await h.task(id)["updated_at"]?.stringValue == "2025-01-20T10:30:20Z")
    }

    @Test func advanceCompletesHumanStepsAndTheWorkflow() async throws {
        let h = try H()
        let id = await h.initiate()
        _ = await h.post("/tasks/\(id)/approve", #"{"approved":true}"#)
        let done = await h.advance(id)
        #expect(done["task"]?["status"]?.stringValue == "completed")
        let t = await h.task(id)
        #expect(t["completed_at"]?.stringValue == "2025-01-20T10:30:00Z")
        #expect(t["current_step_id"] == .null && t["assignee_email"] == .null)
        #expect(t["step_runs"]?.arrayValue?.map { $0["status"]?.stringValue ?? "" } == ["completed", "completed", "completed", "completed"])
        #expect(await h.post("/tasks/\(id)/cancel").status == 409)
    }
}
