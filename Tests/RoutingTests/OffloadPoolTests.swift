#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization
import Testing
@testable import Routing

@Suite struct OffloadPoolTests {
    /// Waits up to `seconds` for `condition` (polling): the pool's threads are asynchronous.
    private func eventually(_ seconds: Double = 5, _ condition: () -> Bool) -> Bool {
        let deadline = DispatchTime.now() + seconds
        while DispatchTime.now() < deadline {
            if condition() { return true }
            usleep(2_000)
        }
        return condition()
    }

    @Test func everyJobRunsAtMostWidthAtOnce() {
        let pool = OffloadPool(width: 2, maxPending: 100)
        let log = Mutex<(started: [Int], running: Int, peak: Int)>(([], 0, 0))
        let done = DispatchSemaphore(value: 0)
        for i in 0..<40 {
            #expect(pool.submit {
                log.withLock { $0.started.append(i); $0.running += 1; $0.peak = max($0.peak, $0.running) }
                usleep(500)
                log.withLock { $0.running -= 1 }
                done.signal()
            })
        }
        for _ in 0..<40 { done.wait() }
        let result = log.withLock { $0 }
        #expect(result.started.sorted() == Array(0..<40))
        #expect(result.peak <= 2)
    }

    @Test func oneThreadRunsJobsInArrivalOrder() {
        let pool = OffloadPool(width: 1, maxPending: 100)
        let started = Mutex<[Int]>([])
        let done = DispatchSemaphore(value: 0)
        for i in 0..<30 { pool.submit { started.withLock { $0.append(i) }; done.signal() } }
        for _ in 0..<30 { done.wait() }
        #expect(started.withLock { $0 } == Array(0..<30))
    }

    @Test func pastMaxPendingASubmitIsRefused() {
        let pool = OffloadPool(width: 1, maxPending: 2)
        let gate = DispatchSemaphore(value: 0)
        let ran = Atomic<Int>(0)
        #expect(pool.submit { gate.wait(); ran.add(1, ordering: .relaxed) })   // runs, blocks
        #expect(eventually { pool.pending == 0 })
        #expect(pool.submit { ran.add(1, ordering: .relaxed) })
        #expect(pool.submit { ran.add(1, ordering: .relaxed) })
        #expect(!pool.submit { ran.add(1, ordering: .relaxed) })               // a third waiting one
        gate.signal()
        #expect(eventually { ran.load(ordering: .relaxed) == 3 })
    }

    #if os(Linux)
    /// The loops come first on a busy core: jobs run at a higher niceness, and the thread
    /// gets its own back afterwards (where the process may lower a niceness: root here).
    @Test func jobsRunAtALowerPriorityAndTheThreadGetsItsOwnBack() {
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        let before = getpriority(which, 0)
        var during: Int32?
        JobPriority.lowered { during = getpriority(which, 0) }
        if JobPriority.canRestore {
            #expect(during == min(before + JobPriority.niceness, 19))
        } else {
            #expect(during == before)
        }
        #expect(getpriority(which, 0) == before)
    }
    #endif
}
