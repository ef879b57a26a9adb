import Emulator
import JSON

/// The workflow engine: walks a task through its workflow's steps and says which events that
/// makes. It is pure apart from `makeDocument` (which the dialect's write backs with the store,
/// and tests with a fake), and the dialect runs it inside a store write, so a task moves once
/// per request and its events are enqueued with the change.
///
/// - Entering a step: a run `sr_<task>_<n>` starts. Automatic steps (intake, agent) run
///   `in_progress` and the task is `in_progress`; human steps (approval, review, signature)
///   wait `pending`, the task is `pending`, and `assignee_email` is the step's assignee.
/// - Automatic steps complete under the lifecycle mode (`settle`): `immediate` at once;
///   `polls:N` on the N-th read of the task since the step began; `duration:D` D after it
///   began, at that instant on the store clock (reads report the scheduled instants); `manual`
///   only through the control plane's `advance`. Creation and actions apply the same rules,
///   without counting as a poll.
/// - Human steps complete by approve (approval steps) or `advance` (any step: what the
///   assignee would do in the vendor's UI).
/// - A step that ends emits `flows.tasks.step_change` (its outcome, and the next step or null);
///   the last one also `flows.tasks.completed`. Agent and signature steps produce a document.
/// - Reject: the run is `rejected`; the task `failed` (it stays at that step), unless the step's
///   `on_reject` names a step to go back to.
/// - Cancel (pending or in_progress only): the run and the task are `cancelled`.
struct ChamelioEngine {
    /// Makes the document a step produces when it completes (the file's id comes from the store).
    typealias MakeDocument = (ChamelioTask, ChamelioStepDef, Int64) throws -> ChamelioFileRef

    let makeDocument: MakeDocument
    private(set) var events: [ChamelioEvent] = []

    init(makeDocument: @escaping MakeDocument) { self.makeDocument = makeDocument }

    enum Refusal: Error, Equatable {
        /// Approve/approval-details on a task that is not waiting at an approval step.
        case notAtApproval
        /// Cancel on a task that is neither pending nor in_progress.
        case notCancellable
        /// Advance on a task that cannot move (finished, or no current step).
        case cannotAdvance
    }

    // MARK: creation

    /// A task that has just been initiated (variables set, `current` nil) enters its first
    /// step; emits `flows.tasks.created`.
    mutating func start(_ t: inout ChamelioTask, at: Int64) {
        enter(&t, 0, at: at)
        events.append(.created(t, at: at))
    }

    // MARK: lifecycle modes

    /// Applies the lifecycle mode to the automatic step the task is at (if any). `poll`: this
    /// is a read of the task (counts in `polls:N`). Returns whether the task changed.
    @discardableResult
    mutating func settle(_ t: inout ChamelioTask, mode: LifecycleMode, now: Int64, poll: Bool) throws -> Bool {
        guard Self.atAutomaticStep(t) else { return false }
        switch mode {
        case .manual:
            return false
        case .immediate:
            while Self.atAutomaticStep(t) { try completeAutomatic(&t, at: now) }
            return true
        case .afterPolls(let n):
            guard poll else { return false }
            t.polls += 1
            if t.polls >= Int64(n) { try completeAutomatic(&t, at: now) }
            return true
        case .afterDuration(let d):
            var changed = false
            while Self.atAutomaticStep(t), let i = t.currentRunIndex, t.stepRuns[i].startedAt + d <= now {
                try completeAutomatic(&t, at: t.stepRuns[i].startedAt + d)
                changed = true
            }
            return changed
        }
    }

    /// Whether a read at `now` would change the task (then the read goes through a write).
    static func readChanges(_ t: ChamelioTask, mode: LifecycleMode, now: Int64) -> Bool {
        guard Self.atAutomaticStep(t) else { return false }
        switch mode {
        case .manual: return false
        case .immediate, .afterPolls: return true
        case .afterDuration(let d):
            guard let i = t.currentRunIndex else { return false }
            return t.stepRuns[i].startedAt + d <= now
        }
    }

    static func atAutomaticStep(_ t: ChamelioTask) -> Bool {
        guard !t.isFinished, let s = t.currentStep else { return false }
        return !s.type.isHuman
    }

    // MARK: actions

    /// The control plane's `advance`: completes the current step, whatever its kind, as its
    /// assignee (or the system, for automatic steps) would.
    mutating func advance(_ t: inout ChamelioTask, at: Int64) throws {
        guard !t.isFinished, let step = t.currentStep else { throw Refusal.cannotAdvance }
        if step.type.isHuman {
            try complete(&t, at: at, outcome: step.type.completedOutcome, by: t.assigneeEmail)
        } else {
            try completeAutomatic(&t, at: at)
        }
    }

    /// POST /approve: `approved` completes the approval step; otherwise it is rejected. The
    /// approver's `variables` are recorded on the step run (and replace the task's values).
    mutating func approve(_ t: inout ChamelioTask, approved: Bool, by user: String?, comment: String?,
                          variables: [ChamelioVariable], at: Int64) throws {
        guard !t.isFinished, let step = t.currentStep, step.type == .approval, let run = t.currentRunIndex,
              t.stepRuns[run].status == "pending" else { throw Refusal.notAtApproval }
        for v in variables { set(&t, v, run: run) }
        if let user, user != t.ownerEmail, !t.collaborators.contains(user) { t.collaborators.append(user) }
        if let comment, !comment.isEmpty {
            t.comments += 1
            events.append(.commented(t, commentID: "cmt_\(t.taskID)_\(t.comments)", text: comment, by: user, at: at))
        }
        if approved {
            try complete(&t, at: at, outcome: "approved", by: user)
        } else {
            reject(&t, at: at, by: user)
        }
    }

    /// POST /cancel: only from `pending` or `in_progress`. The workflow stops at its current step.
    mutating func cancel(_ t: inout ChamelioTask, by user: String?, at: Int64) throws {
        guard t.status == "pending" || t.status == "in_progress" else { throw Refusal.notCancellable }
        if let i = t.currentRunIndex, !["completed", "rejected", "failed"].contains(t.stepRuns[i].status) {
            t.stepRuns[i].status = "cancelled"
            t.stepRuns[i].endedAt = at
        }
        t.status = "cancelled"
        t.assigneeEmail = nil
        t.updatedAt = at
        events.append(.canceled(t, by: user, at: at))
    }

    // MARK: steps

    private mutating func completeAutomatic(_ t: inout ChamelioTask, at: Int64) throws {
        guard let step = t.currentStep else { return }
        // The intake is the initiator's form: they submitted it.
        let by = step.type == .intake ? t.initiatedBy : nil
        try complete(&t, at: at, outcome: step.type.completedOutcome, by: by)
    }

    /// Ends the current step well and enters the next (or completes the task).
    private mutating func complete(_ t: inout ChamelioTask, at: Int64, outcome: String, by: String?) throws {
        guard let index = t.current, let step = t.currentStep else { return }
        if let run = t.currentRunIndex {
            for out in step.outputs {
                set(&t, ChamelioVariable(type: out.type, value: out.value, stepID: step.id, variableID: out.variableID), run: run)
            }
            t.stepRuns[run].status = "completed"
            t.stepRuns[run].endedAt = at
            t.stepRuns[run].completedBy = by
            t.stepRuns[run].outcome = outcome
        }
        if step.type.producesDocument { t.files.append(try makeDocument(t, step, at)) }
        let previous = ChamelioEvent.PreviousStep(step: step, completedBy: by, completedAt: at, outcome: outcome)
        t.updatedAt = max(t.updatedAt, at)
        if index + 1 < t.workflow.steps.count {
            enter(&t, index + 1, at: at)
            events.append(.stepChange(t, previous: previous, at: at))
        } else {
            t.status = "completed"
            t.completedAt = at
            t.current = nil
            t.assigneeEmail = nil
            events.append(.stepChange(t, previous: previous, at: at))
            events.append(.completed(t, at: at))
        }
    }

    private mutating func reject(_ t: inout ChamelioTask, at: Int64, by: String?) {
        guard let step = t.currentStep, let run = t.currentRunIndex else { return }
        t.stepRuns[run].status = "rejected"
        t.stepRuns[run].endedAt = at
        t.stepRuns[run].completedBy = by
        t.stepRuns[run].outcome = "rejected"
        t.updatedAt = max(t.updatedAt, at)
        let previous = ChamelioEvent.PreviousStep(step: step, completedBy: by, completedAt: at, outcome: "rejected")
        if let target = step.onReject, target != "fail", let back = t.workflow.steps.firstIndex(where: { $0.id == target }) {
            enter(&t, back, at: at)
        } else {
            t.status = "failed"
            t.assigneeEmail = nil
        }
        events.append(.stepChange(t, previous: previous, at: at))
    }

    /// Starts a run of step `index` at `at`.
    private func enter(_ t: inout ChamelioTask, _ index: Int, at: Int64) {
        let step = t.workflow.steps[index]
        t.current = index
        t.polls = 0
        var run = ChamelioStepRun(id: "sr_\(t.taskID)_\(t.stepRuns.count + 1)", stepID: step.id, stepName: step.name,
                                  stepType: step.type.rawValue, status: step.type.isHuman ? "pending" : "in_progress",
                                  variables: [], startedAt: at)
        if step.type == .intake { run.variables = t.variables.filter { $0.stepID == step.id } }
        t.stepRuns.append(run)
        t.status = step.type.isHuman ? "pending" : "in_progress"
        t.assigneeEmail = step.type.isHuman ? Self.resolve(step.assignee, in: t) : nil
        t.updatedAt = max(t.updatedAt, at)
    }

    /// Records `v` on run `run` and in the task's variables (replacing the value of the same
    /// variable, which keeps its place; the step that set it last is its `step_id`).
    private func set(_ t: inout ChamelioTask, _ v: ChamelioVariable, run: Int) {
        if let i = t.stepRuns[run].variables.firstIndex(where: { $0.variableID == v.variableID }) {
            t.stepRuns[run].variables[i] = v
        } else {
            t.stepRuns[run].variables.append(v)
        }
        if let i = t.variables.firstIndex(where: { $0.variableID == v.variableID }) {
            t.variables[i] = v
        } else {
            t.variables.append(v)
        }
    }

    /// An assignee or collaborator as the definition gives it: an email, `{owner_email}`, or
    /// `{variable_id}` (the variable's value, if it is set).
    static func resolve(_ template: String?, in t: ChamelioTask) -> String? {
        guard let template, !template.isEmpty else { return nil }
        guard template.hasPrefix("{"), template.hasSuffix("}") else { return template }
        let name = String(template.dropFirst().dropLast())
        if name == "owner_email" { return t.ownerEmail }
        return t.variables.first { $0.variableID == name }?.value.stringValue
    }
}
