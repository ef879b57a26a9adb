import Emulator
import JSON
import Testing
@testable import Chamelio

/// The workflow engine on its own (no store): steps, lifecycle modes, approve, reject, cancel,
/// and the events each move makes.
@Suite struct ChamelioEngineTests {
    static let t0: Int64 = 1_737_369_000_000

    /// A task of the built-in contract review (intake → agent → approval → signature), initiated
    /// at t0 with its three required variables.
    static func newTask(_ wf: ChamelioWorkflow = ChamelioBuiltins.contractReview) -> (ChamelioTask, ChamelioEngine) {
        var t = ChamelioTask(taskID: 7, organization: "acme", title: "T", workflow: wf, workflowStateID: "ws_1", status: "created",
                             createdAt: t0, ownerEmail: "owner@example.com", collaborators: [])
        t.initiatedBy = "owner@example.com"
        let intake = wf.steps[0].id
        t.variables = [ChamelioVariable(type: "text", value: "Acme", stepID: intake, variableID: "vendor_name"),
                       ChamelioVariable(type: "email", value: "legal@example.com", stepID: intake, variableID: "reviewer_email")]
        var documents = 0
        var engine = ChamelioEngine { t, step, at in
            documents += 1
            return ChamelioFileRef(fileID: "document_\(documents)", fileName: "\(step.id).txt", contentType: "text/plain",
                                   variableID: nil, stepID: step.id, createdAt: at)
        }
        engine.start(&t, at: t0)
        return (t, engine)
    }

    private func names(_ e: ChamelioEngine) -> [String] { e.events.map(\.name) }

    @Test func startEntersTheFirstStepAndAnnouncesTheTask() throws {
        let (t, e) = Self.newTask()
        #expect(t.status == "in_progress")
        #expect(t.currentStep?.id == "intake_step")
        #expect(t.stepRuns.map(\.status) == ["in_progress"])
        #expect(t.stepRuns[0].id == "sr_7_1")
        #expect(t.stepRuns[0].variables.map(\.variableID) == ["vendor_name", "reviewer_email"])
        #expect(names(e) == [ChamelioEvent.created])
        let data = try JSONParser.parse(e.events[0].data)
        #expect(data["current_step"]?["step_id"]?.stringValue == "intake_step")
        #expect(data["variables"]?["vendor_name"]?.stringValue == "Acme")
        #expect(data["workflow_version"]?.intValue == 1)
    }

    @Test func immediateWalksAutomaticStepsToTheFirstHumanStep() throws {
        var (t, e) = Self.newTask()
        #expect(try e.settle(&t, mode: .immediate, now: Self.t0 + 5, poll: false))
        #expect(t.status == "pending")
        #expect(t.currentStep?.id == "approval_step")
        #expect(t.assigneeEmail == "legal@example.com")
        #expect(t.stepRuns.map(\.status) == ["completed", "completed", "pending"])
        #expect(t.files.map(\.fileID) == ["document_1"])  // the agent's review
        #expect(t.variables.last?.variableID == "risk_level")
        #expect(names(e) == [ChamelioEvent.created, ChamelioEvent.stepChange, ChamelioEvent.stepChange])
        let intakeDone = try JSONParser.parse(e.events[1].data)
        #expect(intakeDone["previous_step"]?["outcome"]?.stringValue == "submitted")
        #expect(intakeDone["previous_step"]?["completed_by"]?.stringValue == "owner@example.com")
        #expect(intakeDone["current_step"]?["step_id"]?.stringValue == "agent_step")
        let agentDone = try JSONParser.parse(e.events[2].data)
        #expect(agentDone["current_step"]?["assignee"]?.stringValue == "legal@example.com")
        // A human step does not move on its own.
        #expect(try !e.settle(&t, mode: .immediate, now: Self.t0 + 10, poll: true))
    }

    @Test func manualMovesOnlyByAdvance() throws {
        var (t, e) = Self.newTask()
        #expect(try !e.settle(&t, mode: .manual, now: Self.t0 + 60_000, poll: true))
        #expect(t.currentStep?.id == "intake_step")
        try e.advance(&t, at: Self.t0 + 1)
        #expect(t.currentStep?.id == "agent_step")
        try e.advance(&t, at: Self.t0 + 2)
        try e.advance(&t, at: Self.t0 + 3)  // the approval, as its assignee
        #expect(t.currentStep?.id == "signature_step")
        #expect(t.stepRuns[2].outcome == "approved" && t.stepRuns[2].completedBy == "legal@example.com")
        try e.advance(&t, at: Self.t0 + 4)
        #expect(t.status == "completed")
        #expect(t.completedAt == Self.t0 + 4)
        #expect(t.current == nil && t.assigneeEmail == nil)
        #expect(throws: ChamelioEngine.Refusal.cannotAdvance) { try e.advance(&t, at: Self.t0 + 5) }
    }

    @Test func pollsCompleteEachAutomaticStepOnItsNthPoll() throws {
        var (t, e) = Self.newTask()
        // Creation is not a poll.
        #expect(try !e.settle(&t, mode: .afterPolls(2), now: Self.t0, poll: false))
        #expect(try e.settle(&t, mode: .afterPolls(2), now: Self.t0 + 1, poll: true))
        #expect(t.currentStep?.id == "intake_step" && t.polls == 1)
        #expect(try e.settle(&t, mode: .afterPolls(2), now: Self.t0 + 2, poll: true))
        #expect(t.currentStep?.id == "agent_step" && t.polls == 0)
        try e.settle(&t, mode: .afterPolls(2), now: Self.t0 + 3, poll: true)
        try e.settle(&t, mode: .afterPolls(2), now: Self.t0 + 4, poll: true)
        #expect(t.currentStep?.id == "approval_step")
        #expect(t.stepRuns[1].endedAt == Self.t0 + 4)
    }

    @Test func durationCompletesStepsAtTheirScheduledInstants() throws {
        var (t, e) = Self.newTask()
        let d: Int64 = 10_000
        #expect(ChamelioEngine.readChanges(t, mode: .afterDuration(millis: d), now: Self.t0 + d - 1) == false)
        #expect(try !e.settle(&t, mode: .afterDuration(millis: d), now: Self.t0 + d - 1, poll: true))
        #expect(ChamelioEngine.readChanges(t, mode: .afterDuration(millis: d), now: Self.t0 + 25_000))
        #expect(try e.settle(&t, mode: .afterDuration(millis: d), now: Self.t0 + 25_000, poll: true))
        // Both automatic steps ended, each at its own instant, not at the read's.
        #expect(t.stepRuns[0].endedAt == Self.t0 + d)
        #expect(t.stepRuns[1].endedAt == Self.t0 + 2 * d)
        #expect(t.stepRuns[2].startedAt == Self.t0 + 2 * d)
        #expect(t.updatedAt == Self.t0 + 2 * d)
        #expect(e.events.map(\.at) == [Self.t0, Self.t0 + d, Self.t0 + 2 * d])
    }

    @Test func approveRecordsTheApproverTheirVariablesAndComment() throws {
        var (t, e) = Self.newTask()
        try e.settle(&t, mode: .immediate, now: Self.t0, poll: false)
        let v = ChamelioVariable(type: "number", value: 120_000, stepID: "approval_step", variableID: "contract_value")
        try e.approve(&t, approved: true, by: "boss@example.com", comment: "Fine", variables: [v], at: Self.t0 + 9)
        #expect(t.currentStep?.id == "signature_step")
        #expect(t.assigneeEmail == "owner@example.com")  // {owner_email}
        #expect(t.stepRuns[2].variables == [v])
        #expect(t.variables.contains(v))
        #expect(t.collaborators == ["boss@example.com"])
        #expect(names(e).suffix(2) == [ChamelioEvent.commented, ChamelioEvent.stepChange])
        let comment = try JSONParser.parse(e.events[e.events.count - 2].data)
        #expect(comment["comment_text"]?.stringValue == "Fine")
        #expect(comment["comment_id"]?.stringValue == "cmt_7_1")
        #expect(comment["current_step"]?["step_id"]?.stringValue == "approval_step")
        // The signature finishes the workflow; its document is the signed output.
        try e.advance(&t, at: Self.t0 + 20)
        #expect(t.status == "completed")
        let completed = try JSONParser.parse(try #require(e.events.last).data)
        #expect(e.events.last?.name == ChamelioEvent.completed)
        #expect(completed["outputs"]?["signed_document_id"]?.stringValue == "document_2")
        #expect(completed["duration_hours"]?.doubleValue == 0)
        #expect(completed["variables"]?["contract_value"]?.intValue == 120_000)
    }

    @Test func approvingWhatIsNotAnApprovalStepIsRefused() throws {
        var (t, e) = Self.newTask()
        #expect(throws: ChamelioEngine.Refusal.notAtApproval) {
            try e.approve(&t, approved: true, by: nil, comment: nil, variables: [], at: Self.t0)
        }
    }

    @Test func rejectFailsTheTaskAtTheApprovalStep() throws {
        var (t, e) = Self.newTask()
        try e.settle(&t, mode: .immediate, now: Self.t0, poll: false)
        try e.approve(&t, approved: false, by: "legal@example.com", comment: nil, variables: [], at: Self.t0 + 1)
        #expect(t.status == "failed")
        #expect(t.currentStep?.id == "approval_step")
        #expect(t.stepRuns[2].status == "rejected")
        #expect(t.completedAt == nil)
        let change = try JSONParser.parse(try #require(e.events.last).data)
        #expect(change["previous_step"]?["outcome"]?.stringValue == "rejected")
        #expect(change["current_step"] == .null)
        #expect(throws: ChamelioEngine.Refusal.notCancellable) { try e.cancel(&t, by: nil, at: Self.t0 + 2) }
    }

    @Test func rejectGoesBackWhereTheWorkflowSays() throws {
        var wf = ChamelioBuiltins.contractReview
        wf.steps[2].onReject = "intake_step"
        var (t, e) = Self.newTask(wf)
        try e.settle(&t, mode: .immediate, now: Self.t0, poll: false)
        try e.approve(&t, approved: false, by: "legal@example.com", comment: nil, variables: [], at: Self.t0 + 1)
        #expect(t.status == "in_progress")
        #expect(t.currentStep?.id == "intake_step")
        #expect(t.stepRuns.map(\.status) == ["completed", "completed", "rejected", "in_progress"])
        #expect(t.stepRuns.last?.id == "sr_7_4")
        let change = try JSONParser.parse(try #require(e.events.last).data)
        #expect(change["current_step"]?["step_id"]?.stringValue == "intake_step")
    }

    @Test func cancelStopsAtTheCurrentStepOnlyFromPendingOrInProgress() throws {
        var (t, e) = Self.newTask()
        try e.cancel(&t, by: "owner@example.com", at: Self.t0 + 3)
        #expect(t.status == "cancelled")
        #expect(t.stepRuns[0].status == "cancelled")
        #expect(t.currentStep?.id == "intake_step")
        let data = try JSONParser.parse(try #require(e.events.last).data)
        #expect(e.events.last?.name == "flows.tasks.canceled")
        #expect(data["canceled_by"]?.stringValue == "owner@example.com")
        #expect(data["step_at_cancellation"]?["step_id"]?.stringValue == "intake_step")
        #expect(throws: ChamelioEngine.Refusal.notCancellable) { try e.cancel(&t, by: nil, at: Self.t0 + 4) }
        #expect(try !e.settle(&t, mode: .immediate, now: Self.t0 + 5, poll: true))
    }

    @Test func assigneesResolveFromVariablesAndTheOwner() {
        let (t, _) = Self.newTask()
        #expect(ChamelioEngine.resolve("{reviewer_email}", in: t) == "legal@example.com")
        #expect(ChamelioEngine.resolve("{owner_email}", in: t) == "owner@example.com")
        #expect(ChamelioEngine.resolve("{missing}", in: t) == nil)
        #expect(ChamelioEngine.resolve("ops@example.com", in: t) == "ops@example.com")
        #expect(ChamelioEngine.resolve(nil, in: t) == nil)
    }

    @Test func aTaskSurvivesItsRecord() throws {
        var (t, e) = Self.newTask()
        try e.settle(&t, mode: .immediate, now: Self.t0 + 1, poll: false)
        t.metadata = ["source": "crm"]
        t.comments = 2
        let back = try #require(ChamelioTask(record: t.record))
        #expect(back == t)
    }
}
