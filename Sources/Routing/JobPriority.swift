#if canImport(Glibc)
import Glibc
#endif

/// Runs an offloaded job at `niceness` more than its thread's (Linux), then puts the thread's
/// priority back.
///
/// Why: a dependency graph of 10,000 tasks takes a few hundred milliseconds of CPU. On a
/// machine with fewer cores than busy threads, the jobs and the event loops compete, and
/// Dispatch runs `.userInitiated` work at a *higher* priority than the loops' own threads
/// (libdispatch on Linux gives its worker threads niceness by QoS: -2 here). Measured on one
/// pinned core (bench/graph-health.sh, paired runs on a noisy VM), a c=1 health check's p99
/// while two clients fetch such graphs: 15.4 and 4.1 ms before, 4.8 and 3.4 ms with the jobs
/// at +10 (epoll), and 1.8-6.5k against 10-12.6k health answers a second, at the price of
/// fewer graphs (9-11 against 13 a second).
///
/// Only where the thread's priority can be put back: a Dispatch worker goes on to run other
/// queues (the store's writer), and an unprivileged process (a container without
/// CAP_SYS_NICE, RLIMIT_NICE 0) may raise its niceness but never lower it again. A probe on
/// a thread of its own, once, finds out; without the permission jobs run as they are.
enum JobPriority {
    static let niceness: Int32 = 10

    static func lowered(_ job: () -> Void) {
        #if os(Linux)
        guard canRestore else { job(); return }
        // `who` 0 with PRIO_PROCESS is the calling thread on Linux (each has its own niceness).
        let before = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, before + niceness)
        job()
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, before)
        #else
        job()
        #endif
    }

    #if os(Linux)
    /// Whether a thread may lower its niceness back (tried once, on a throwaway thread).
    static let canRestore: Bool = probe()

    private static func probe() -> Bool {
        final class Result: @unchecked Sendable { var ok = false }  // written by the probe thread before join
        let result = Result()
        let box = Unmanaged.passRetained(result).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { arg in
            guard let arg else { return nil }
            let result = Unmanaged<Result>.fromOpaque(arg).takeRetainedValue()
            let which = __priority_which_t(PRIO_PROCESS.rawValue)
            let before = getpriority(which, 0)
            result.ok = setpriority(which, 0, before + 1) == 0 && setpriority(which, 0, before) == 0
            return nil
        }, box)
        guard rc == 0 else {
            Unmanaged<Result>.fromOpaque(box).release()
            return false
        }
        pthread_join(thread, nil)
        return result.ok
    }
    #endif
}
