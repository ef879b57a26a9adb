import Dispatch
import Synchronization

/// Where routes marked `.offLoop` run: at most `width` jobs at a time, in arrival order, on
/// Dispatch's worker threads, never on an event loop. The queue in front of them is bounded
/// (`maxPending`): past it, `submit` refuses, and the router answers 503 in the route's error
/// shape rather than letting a flood of costly reads pile up in memory.
///
/// Why not one concurrent queue: a job here blocks its thread in SQLite, and Dispatch may
/// start another thread for each blocked one. `width` drainers pulling from one FIFO keep the
/// thread count fixed and let a short job overtake nothing but also wait behind nothing but
/// the jobs in front of it.
///
/// On Linux a job runs at a lower priority (`JobPriority`): where the event loops and the jobs
/// share a core, a loop with a request to answer gets it first.
public final class OffloadPool: Sendable {
    public typealias Job = @Sendable () -> Void

    private struct State {
        /// Taken jobs are set to nil at once, so a finished request's captures are freed.
        var jobs: [Job?] = []
        var head = 0
        var running = 0
        var pending: Int { jobs.count - head }
    }

    public let width: Int
    public let maxPending: Int
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "polytask.offload", qos: .userInitiated, attributes: .concurrent)

    /// `width` jobs run at once (at least 1); at most `maxPending` wait (at least 1).
    public init(width: Int, maxPending: Int) {
        self.width = max(1, width)
        self.maxPending = max(1, maxPending)
    }

    /// Jobs waiting to start.
    public var pending: Int { state.withLock { $0.pending } }

    /// Queues `job`; false (and the job is dropped) if `maxPending` jobs already wait.
    @discardableResult
    public func submit(_ job: @escaping Job) -> Bool {
        let startDrainer: Bool? = state.withLock { s in
            guard s.pending < maxPending else { return nil }
            s.jobs.append(job)
            guard s.running < width else { return false }
            s.running += 1
            return true
        }
        guard let startDrainer else { return false }
        if startDrainer { queue.async { self.drain() } }
        return true
    }

    /// Runs jobs until none is left, then retires (the count of running drainers drops).
    private func drain() {
        while true {
            let job: Job? = state.withLock { s in
                guard s.head < s.jobs.count else {
                    s.jobs.removeAll(keepingCapacity: s.jobs.count <= 1024)
                    s.head = 0
                    s.running -= 1
                    return nil
                }
                let j = s.jobs[s.head]
                s.jobs[s.head] = nil
                s.head += 1
                // Compact now and then so a steady stream never grows the array.
                if s.head >= 1024 && s.head * 2 >= s.jobs.count {
                    s.jobs.removeFirst(s.head)
                    s.head = 0
                }
                return j
            }
            guard let job else { return }
            JobPriority.lowered(job)
        }
    }
}
