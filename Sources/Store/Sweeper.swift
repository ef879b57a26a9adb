import Dispatch
import Synchronization

/// Deletes expired rows in the background. Reads already hide expired rows, so the sweeper
/// only reclaims space; it deletes at most `batch` rows per write so it never holds the
/// writer long, and queues another batch right away while batches come back full.
final class Sweeper: Sendable {
    /// A sweep is queued or running: the timer does not pile up more.
    private final class Busy: Sendable {
        let flag = Atomic<Bool>(false)
    }

    private let timer: Mutex<(any DispatchSourceTimer)?>

    /// `run` deletes one batch and calls `done(full)`; `full` asks for another batch now.
    init(intervalMillis: Int, run: @escaping @Sendable (_ done: @escaping @Sendable (_ full: Bool) -> Void) -> Void) {
        guard intervalMillis > 0 else {
            timer = Mutex(nil)
            return
        }
        let source = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "polytask.store.sweeper"))
        let interval = DispatchTimeInterval.milliseconds(intervalMillis)
        source.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(max(intervalMillis / 10, 1)))
        let busy = Busy()
        source.setEventHandler {
            guard busy.flag.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
            Sweeper.loop(run) { busy.flag.store(false, ordering: .releasing) }
        }
        source.resume()
        timer = Mutex(source)
    }

    private static func loop(_ run: @escaping @Sendable (_ done: @escaping @Sendable (Bool) -> Void) -> Void,
                             finished: @escaping @Sendable () -> Void) {
        run { full in
            if full { loop(run, finished: finished) } else { finished() }
        }
    }

    /// Cancels the timer. A batch already queued on the writer still runs.
    func stop() {
        timer.withLock { t in
            t?.cancel()
            t = nil
        }
    }

    deinit { stop() }
}
