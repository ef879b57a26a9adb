import Emulator
import Digest
import FastAPI

/// The lifecycle simulator: moves a task along `pending → dispatched → running → terminal`
/// under an `LifecycleMode`, filling the fields a real run fills. It is pure (state in,
/// state out) so tests can drive it directly; the dialect runs it inside a store write, so
/// concurrent polls are counted one by one.
///
/// What each step sets (the vendor documents none of it; see docs/dialects/amigo.md):
/// - dispatched: `dispatched_at`, `progress_message` "Dispatched to <tier> executor", `progress_step` 0.
/// - running: `progress_message` "Running skill <skill>", `progress_step` 1 (then one more per
///   poll in polls mode), `input_tokens` (the prompt has been sent).
/// - terminal (the simulated outcome): `completed_at`, `duration_ms` = completed − dispatched,
///   final token counts and `sub_tool_count`, and `result` (completed) or `error`/`error_type`.
/// Token counts are derived from the SHA-256 of the task id, so a task always reports the same
/// plausible figures; counts a creator set are never lowered.
struct AmigoLifecycle {
    enum Phase: Int, Comparable {
        case pending = 0, dispatched, running, terminal
        static func < (a: Phase, b: Phase) -> Bool { a.rawValue < b.rawValue }

        init(status: String) {
            switch status {
            case "pending": self = .pending
            case "dispatched": self = .dispatched
            case "running": self = .running
            default: self = .terminal
            }
        }
    }

    /// Everything the simulator reads and writes for one task.
    struct State: Sendable, Equatable {
        var task: AmigoTask
        var simulation: AmigoSimulation
        var createdAt: Int64
        /// dispatched_at in ms (the record's startedAt).
        var startedAt: Int64?
        /// completed_at in ms (the record's completedAt).
        var completedAt: Int64?
    }

    /// True if a read at `now` would change the task, so the read must go through a write.
    /// Cheap: uses only typed columns, no JSON.
    static func readChanges(status: String, createdAt: Int64, mode: LifecycleMode, now: Int64) -> Bool {
        let phase = Phase(status: status)
        guard phase != .terminal else { return false }
        switch mode {
        case .manual: return false
        case .immediate, .afterPolls: return true
        case .afterDuration(let d): return target(forElapsed: now - createdAt, duration: d) > phase
        }
    }

    /// Applies one read (one poll) at `now`. Returns whether anything changed.
    @discardableResult
    static func applyRead(_ s: inout State, mode: LifecycleMode, now: Int64) -> Bool {
        let phase = Phase(status: s.task.status)
        guard phase != .terminal else { return false }
        switch mode {
        case .manual:
            return false
        case .immediate:
            move(&s, to: .terminal) { _ in now }
            return true
        case .afterPolls(let n):
            s.simulation.polls += 1
            let k = s.simulation.polls
            let goal: Phase = k >= Int64(n) ? .terminal : (k == 1 ? .dispatched : .running)
            if goal > phase {
                move(&s, to: goal) { _ in now }
            }
            if Phase(status: s.task.status) == .running {
                s.task.progressStep = max(s.task.progressStep ?? 1, k - 1)
            }
            return true
        case .afterDuration(let d):
            let goal = target(forElapsed: now - s.createdAt, duration: d)
            guard goal > phase else { return false }
            let origin = s.createdAt
            move(&s, to: goal) { p in
                switch p {
                case .dispatched: return origin + d / 10
                case .running: return origin + d / 5
                default: return origin + d
                }
            }
            return true
        }
    }

    /// Creation runs the same rules as a read, except that it is not a poll.
    static func applyCreate(_ s: inout State, mode: LifecycleMode, now: Int64) {
        switch mode {
        case .manual, .afterPolls: return
        case .immediate, .afterDuration: applyRead(&s, mode: mode, now: now)
        }
    }

    /// One step forward at `now`, whatever the mode (the control plane's `advance`).
    /// Returns false for a task that is already terminal.
    static func advance(_ s: inout State, now: Int64) -> Bool {
        let phase = Phase(status: s.task.status)
        guard let next = Phase(rawValue: phase.rawValue + 1) else { return false }
        move(&s, to: next) { _ in now }
        return true
    }

    private static func target(forElapsed e: Int64, duration d: Int64) -> Phase {
        if e >= d { return .terminal }
        if e >= d / 5 { return .running }
        if e >= d / 10 { return .dispatched }
        return .pending
    }

    /// Walks through each phase after the current one up to `goal`, at the instant `at` gives.
    private static func move(_ s: inout State, to goal: Phase, at: (Phase) -> Int64) {
        var phase = Phase(status: s.task.status)
        while phase < goal, let next = Phase(rawValue: phase.rawValue + 1) {
            enter(&s, next, at: at(next))
            phase = next
        }
    }

    private static func enter(_ s: inout State, _ phase: Phase, at t: Int64) {
        let plan = Plan(taskID: s.task.taskID)
        switch phase {
        case .pending:
            return
        case .dispatched:
            s.task.status = "dispatched"
            markDispatched(&s, at: t)
            s.task.progressMessage = "Dispatched to \(s.task.tier) executor"
            s.task.progressStep = 0
        case .running:
            s.task.status = "running"
            markDispatched(&s, at: t)
            s.task.progressMessage = "Running skill \(s.task.skill)"
            s.task.progressStep = max(s.task.progressStep ?? 1, 1)
            s.task.inputTokens = max(s.task.inputTokens, plan.inputTokens)
        case .terminal:
            markDispatched(&s, at: t)
            let outcome = s.simulation.outcome
            s.task.status = outcome
            s.completedAt = t
            s.task.completedAt = AmigoTimestamp.isoformat(t)
            s.task.durationMs = Double(t - (s.startedAt ?? t))
            s.task.inputTokens = max(s.task.inputTokens, plan.inputTokens)
            s.task.progressStep = (s.task.progressStep ?? 1) + 1
            switch outcome {
            case "completed":
                s.task.outputTokens = max(s.task.outputTokens, plan.outputTokens)
                s.task.cachedTokens = max(s.task.cachedTokens, plan.cachedTokens)
                s.task.subToolCount = max(s.task.subToolCount, plan.subTools)
                s.task.result = s.simulation.result ?? s.task.result ?? "Skill \(s.task.skill) completed successfully."
                s.task.progressMessage = "Completed"
            case "timeout":
                s.task.outputTokens = max(s.task.outputTokens, plan.outputTokens / 2)
                s.task.error = s.simulation.error ?? s.task.error ?? "Task exceeded its time limit"
                s.task.errorType = s.simulation.errorType ?? s.task.errorType ?? "TimeoutError"
                s.task.progressMessage = "Timed out"
            default:
                s.task.outputTokens = max(s.task.outputTokens, plan.outputTokens / 4)
                s.task.error = s.simulation.error ?? s.task.error ?? "Skill \(s.task.skill) failed"
                s.task.errorType = s.simulation.errorType ?? s.task.errorType ?? "SkillExecutionError"
                s.task.progressMessage = "Failed"
            }
        }
    }

    private static func markDispatched(_ s: inout State, at t: Int64) {
        guard s.startedAt == nil else { return }
        s.startedAt = t
        if s.task.dispatchedAt == nil { s.task.dispatchedAt = AmigoTimestamp.isoformat(t) }
    }

    /// Plausible usage for a task, fixed by its id.
    struct Plan {
        var inputTokens: Int64
        var outputTokens: Int64
        var cachedTokens: Int64
        var subTools: Int64

        init(taskID: String) {
            let h = SHA256.hash(taskID).map(Int64.init)
            inputTokens = 600 + (h[0] << 8 | h[1]) % 2400
            outputTokens = 80 + (h[2] << 8 | h[3]) % 600
            cachedTokens = inputTokens * (h[4] % 60) / 100
            subTools = h[5] % 4
        }
    }
}
