#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization
import Testing
@testable import Store

@Suite struct GroupCommitTests {
    /// Holds the writer inside a body until `release()`, so that writes queued meanwhile
    /// are drained together as one group.
    final class WriterGate: Sendable {
        let entered = DispatchSemaphore(value: 0)
        let gate = DispatchSemaphore(value: 0)
        init(_ store: TaskStore) {
            store.write({ [entered, gate] _ in
                entered.signal()
                gate.wait()
                return 0
            }, completion: { _ in })
            entered.wait()
        }
        func release() { gate.signal() }
    }

    @Test func oneFailingBodyRollsBackAloneAndGetsItsOwnError() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        let gate = WriterGate(store)
        let before = store.writeStatistics
        let results = Mutex<[Int: Result<String, StoreError>]>([:])
        let done = DispatchGroup()
        for i in 0..<10 {
            done.enter()
            store.write({ tx in
                if i == 4 {
                    try tx.insert(Fixture.task("partial"), validateDependencies: true)
                    try tx.insert(Fixture.task("g0"), validateDependencies: true)  // g0 is body 0's: duplicate
                }
                try tx.insert(Fixture.task("g\(i)"), validateDependencies: true)
                return "g\(i)"
            }, completion: { r in
                results.withLock { $0[i] = r }
                done.leave()
            })
        }
        gate.release()
        #expect(done.wait(timeout: .now() + 30) == .success)
        let after = store.writeStatistics
        #expect(after.transactions - before.transactions == 1, "the ten queued bodies share one transaction")
        #expect(after.bodies - before.bodies == 10)
        let r = results.withLock { $0 }
        for i in 0..<10 {
            if i == 4 {
                #expect(r[i] == .failure(.duplicate(Fixture.key("g0"))))
                #expect(try store.task(Fixture.key("g4")) == nil)
            } else {
                #expect(r[i] == .success("g\(i)"))
                #expect(try store.task(Fixture.key("g\(i)")) != nil)
            }
        }
        #expect(try store.task(Fixture.key("partial")) == nil)
    }

    /// A group runs without savepoints first: when no body throws, each body runs once; when
    /// one throws, that run is rolled back and the whole group runs again with savepoints, so
    /// the bodies before it run twice (which is why bodies touch nothing but their transaction).
    @Test func bodiesRunOnceUnlessOneOfTheGroupThrows() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        for failing in [false, true] {
            let gate = WriterGate(store)
            let runs = Mutex<[Int: Int]>([:])
            let done = DispatchGroup()
            for i in 0..<5 {
                done.enter()
                store.write({ tx in
                    runs.withLock { $0[i, default: 0] += 1 }
                    if failing && i == 2 { throw StoreError.invalid("body 2 fails") }
                    try tx.insert(Fixture.task("r\(failing)-\(i)"), validateDependencies: false)
                    return i
                }, completion: { _ in done.leave() })
            }
            gate.release()
            #expect(done.wait(timeout: .now() + 30) == .success)
            let counts = runs.withLock { $0 }
            // The first run stops at the body that throws: those after it run once.
            #expect(counts == (failing ? [0: 2, 1: 2, 2: 2, 3: 1, 4: 1] : [0: 1, 1: 1, 2: 1, 3: 1, 4: 1]))
            for i in 0..<5 {
                // Exactly one row per successful body: the rolled-back first run left none.
                #expect(try (store.task(Fixture.key("r\(failing)-\(i)")) != nil) == !(failing && i == 2))
            }
        }
    }

    @Test func groupsAreCappedAtGroupCommitMax() throws {
        let (store, _) = try Fixture.store(groupCommitMax: 3)
        defer { store.close() }
        let gate = WriterGate(store)
        let before = store.writeStatistics
        let done = DispatchGroup()
        for i in 0..<10 {
            done.enter()
            store.write({ tx in try tx.insert(Fixture.task("t\(i)"), validateDependencies: false) },
                        completion: { _ in done.leave() })
        }
        gate.release()
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(store.writeStatistics.transactions - before.transactions == 4)  // 3 + 3 + 3 + 1
        #expect(try store.list(TaskQuery(dialect: "quant", tenant: "org1")).count == 10)
    }

    @Test func completionRunsAfterCommitAndMayWriteAgain() throws {
        let path = Fixture.tempPath("completion")
        defer { Fixture.remove(path) }
        let (store, _) = try Fixture.store(path: path)
        defer { store.close() }
        let seen = Mutex<(visible: Bool, second: Result<Void, StoreError>?)>((false, nil))
        let done = DispatchSemaphore(value: 0)
        store.write({ tx in try tx.insert(Fixture.task("first"), validateDependencies: false) }, completion: { _ in
            // After COMMIT: a pooled reader (another connection) already sees the row.
            let visible = (try? store.task(Fixture.key("first"))) != nil
            let second = Result<Void, StoreError> { () throws(StoreError) in
                try store.writeAndWait { tx in try tx.insert(Fixture.task("second"), validateDependencies: false) }
            }
            seen.withLock { $0 = (visible, second) }
            done.signal()
        })
        #expect(done.wait(timeout: .now() + 30) == .success)
        let s = seen.withLock { $0 }
        #expect(s.visible)
        #expect((try? s.second?.get()) != nil)
        #expect(try store.task(Fixture.key("second")) != nil)
    }

    @Test func writeAndWaitInsideABodyIsRefusedNotDeadlocked() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        let inner = try store.writeAndWait { _ -> StoreError? in
            do {
                try store.writeAndWait { _ in 1 }
                return nil
            } catch let e as StoreError {
                return e
            }
        }
        #expect(inner == .invalid("writeAndWait inside a write body would deadlock; use the transaction you have"))
    }

    @Test func closeRunsWritesAlreadyQueued() throws {
        let path = Fixture.tempPath("close")
        defer { Fixture.remove(path) }
        let (store, clock) = try Fixture.store(path: path)
        let gate = WriterGate(store)
        let ok = Mutex(0)
        for i in 0..<20 {
            store.write({ tx in try tx.insert(Fixture.task("q\(i)"), validateDependencies: false) },
                        completion: { r in if case .success = r { ok.withLock { $0 += 1 } } })
        }
        let closer = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { store.close(); closer.signal() }
        usleep(20_000)
        gate.release()
        #expect(closer.wait(timeout: .now() + 30) == .success)
        #expect(ok.withLock { $0 } == 20)
        let refused = Mutex<Result<Int, StoreError>?>(nil)
        store.write({ _ in 1 }, completion: { r in refused.withLock { $0 = r } })
        #expect(refused.withLock { $0 } == .failure(.closed))
        let (reopened, _) = try Fixture.store(path: path, clock: clock)
        defer { reopened.close() }
        #expect(try reopened.list(TaskQuery(dialect: "quant", tenant: "org1")).count == 20)
    }

    @Test func closeFromInsideABodyOrACompletionDoesNotDeadlock() throws {
        let (a, _) = try Fixture.store()
        let r = try a.writeAndWait { tx -> Int in
            try tx.insert(Fixture.task("x"), validateDependencies: false)
            a.close()  // from a body: takes effect after this group commits
            return 1
        }
        #expect(r == 1)
        #expect(throws: StoreError.closed) { try a.task(Fixture.key("x")) }

        let (b, _) = try Fixture.store()
        let done = DispatchSemaphore(value: 0)
        b.write({ _ in 1 }, completion: { _ in
            b.close()
            done.signal()
        })
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(throws: StoreError.closed) { try b.writeAndWait { _ in 1 } }
    }
}
