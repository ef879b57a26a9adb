import Emulator

/// How a run moves under its lifecycle mode (the same modes as every dialect; what a step is
/// is ours: one prompt-chain node). Pure: state and times in, state out; the dialect runs it
/// inside a store write, so concurrent polls count one by one.
///
/// With K steps (nodes walked):
/// - immediate: the run ends right after it starts (the POST's 201 still shows it as it
///   started: `running`, no logs).
/// - polls:N: the i-th read (a get, or a list that shows it) finds `min(K-1, i*K/N)` steps done
///   for i < N, and the run ended at the N-th.
/// - duration:D: at `createdAt + e`, `min(K-1, e*K/D)` steps for e < D; ended at D.
/// - manual: nothing moves but the control plane's advance (one step each).
/// Steps never go back.
enum RunLifecycle {
    /// The steps done by the mode's rule, for a read at `now` after `polls` polls.
    static func target(_ s: RunState, createdAt: Int64, now: Int64) -> Int {
        let k = s.stepCount
        switch s.mode {
        case .manual:
            return s.done
        case .immediate:
            return k
        case .afterPolls(let n):
            return s.polls >= n ? k : min(k - 1, s.polls * k / max(n, 1))
        case .afterDuration(let d):
            let e = now - createdAt
            if e >= d || d <= 0 { return k }
            return min(k - 1, Int(Int64(k) * max(e, 0) / d))
        }
    }

    /// When the run ends on the store clock, if the mode fixes it (duration runs): the
    /// instant its callback is scheduled for.
    static func scheduledEnd(_ s: RunState, createdAt: Int64) -> Int64? {
        if case .afterDuration(let d) = s.mode { return createdAt + d }
        return nil
    }

    /// The state a new run is stored in: immediate (and duration:0) runs have already ended;
    /// the others have done nothing yet.
    static func applyCreate(_ s: inout RunState, createdAt: Int64) {
        switch s.mode {
        case .manual, .afterPolls: return
        case .immediate, .afterDuration: s.done = max(s.done, target(s, createdAt: createdAt, now: createdAt))
        }
    }

    /// True if a read at `now` would change the stored state (so it must go through a write).
    static func readChanges(_ s: RunState, createdAt: Int64, now: Int64) -> Bool {
        guard !s.finished else { return false }
        switch s.mode {
        case .manual: return false
        case .immediate, .afterPolls: return true
        case .afterDuration: return target(s, createdAt: createdAt, now: now) > s.done
        }
    }

    /// One read (a poll) at `now`. Returns whether the state changed.
    @discardableResult
    static func applyRead(_ s: inout RunState, createdAt: Int64, now: Int64) -> Bool {
        guard !s.finished else { return false }
        var changed = false
        if case .afterPolls = s.mode {
            s.polls += 1
            changed = true
        }
        let t = target(s, createdAt: createdAt, now: now)
        if t > s.done {
            s.done = t
            changed = true
        }
        return changed
    }

    /// One step forward, whatever the mode. False if the run has already ended.
    static func advance(_ s: inout RunState) -> Bool {
        guard !s.finished else { return false }
        s.done += 1
        return true
    }
}
