import Dispatch
import Synchronization
import Testing
@testable import Store

/// Many writers and readers on several queues at once: no lost update, no error (SQLITE_BUSY
/// or other) reaching a caller, no deadlock (everything finishes within a generous bound).
@Suite struct ConcurrencyTests {
    @Test(arguments: ["file", "file-shared-lock", "memory"])
    func writersAndReadersTogether(kind: String) throws {
        let path = kind == "memory" ? ":memory:" : Fixture.tempPath("concurrency")
        defer { if kind != "memory" { Fixture.remove(path) } }
        // Two pooled readers for six reading queues: the pool must open extra connections.
        let (store, _) = try Fixture.store(readers: 2, groupCommitMax: 8, path: path,
                                           exclusiveLock: kind != "file-shared-lock")
        defer { store.close() }
        try store.insertAll([Fixture.task("counter", status: "0")])
        let writers = 8, perWriter = 40, readers = 6
        let errors = Mutex<[String]>([])
        let writing = Atomic<Int>(writers)
        let all = DispatchGroup()

        for w in 0..<writers {
            all.enter()
            DispatchQueue(label: "writer-\(w)").async {
                defer { writing.subtract(1, ordering: .relaxed); all.leave() }
                for i in 0..<perWriter {
                    do {
                        // Read-modify-write inside one body: serialised by the writer, so no
                        // increment can be lost.
                        try store.writeAndWait { tx in
                            guard var c = try tx.task(Fixture.key("counter")), let n = Int(c.status) else {
                                throw StoreError.invalid("counter missing")
                            }
                            c.status = String(n + 1)
                            try tx.update(c, validateDependencies: false)
                            try tx.insert(Fixture.task("w\(w)-\(i)", external: "L", dependsOn: ["counter"],
                                                       created: Fixture.t0 + Int64(i)), validateDependencies: true)
                        }
                    } catch {
                        errors.withLock { $0.append("writer \(w): \(error)") }
                    }
                }
            }
        }
        for r in 0..<readers {
            all.enter()
            DispatchQueue(label: "reader-\(r)").async {
                defer { all.leave() }
                var last = 0
                var q = TaskQuery(dialect: "quant", tenant: "org1")
                q.limit = 20
                while writing.load(ordering: .relaxed) > 0 {
                    do {
                        guard let c = try store.task(Fixture.key("counter")), let n = Int(c.status) else {
                            errors.withLock { $0.append("reader \(r): counter missing") }
                            return
                        }
                        // Committed state only moves forward.
                        if n < last { errors.withLock { $0.append("reader \(r): counter went back \(last) -> \(n)") } }
                        last = n
                        _ = try store.list(q)
                        // Multi-statement reads (one read transaction each) alongside the writer.
                        _ = try store.dependents(of: Fixture.key("counter"), transitive: true)
                        _ = try store.dependencyGraph(dialect: "quant", tenant: "org1", externalID: "L")
                    } catch {
                        errors.withLock { $0.append("reader \(r): \(error)") }
                    }
                }
            }
        }
        #expect(all.wait(timeout: .now() + 120) == .success, "deadlock or starvation")
        #expect(errors.withLock { $0 } == [])
        #expect(try store.task(Fixture.key("counter"))?.status == String(writers * perWriter))
        var q = TaskQuery(dialect: "quant", tenant: "org1")
        q.limit = 10_000
        #expect(try store.list(q).count == writers * perWriter + 1)
    }

    @Test func asyncWritesFromManyQueuesAllComplete() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        let n = 500
        let done = DispatchGroup()
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: n) { i in
            done.enter()
            store.write({ tx in try tx.insert(Fixture.task("a\(i)"), validateDependencies: false) }, completion: { r in
                if case .failure = r { failures.add(1, ordering: .relaxed) }
                done.leave()
            })
        }
        #expect(done.wait(timeout: .now() + 60) == .success)
        #expect(failures.load(ordering: .relaxed) == 0)
        var q = TaskQuery(dialect: "quant", tenant: "org1")
        q.limit = 10_000
        #expect(try store.list(q).count == n)
        let s = store.writeStatistics
        #expect(s.bodies >= n)
    }
}
