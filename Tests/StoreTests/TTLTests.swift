#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Testing
@testable import Store

@Suite struct TTLTests {
    @Test func aTaskVanishesTheInstantItExpires() throws {
        let (store, clock) = try Fixture.store()
        defer { store.close() }
        let exp = Fixture.t0 + 1000
        try store.insertAll([Fixture.task("a", external: "L", expires: exp), Fixture.task("keep", external: "L"),
                             Fixture.task("b", external: "L", dependsOn: ["keep"], expires: exp)])
        var q = TaskQuery(dialect: "quant", tenant: "org1")
        clock.set(millis: exp - 1)
        #expect(try store.task(Fixture.key("a")) != nil)
        #expect(try store.list(q).count == 3)
        clock.set(millis: exp)
        #expect(try store.task(Fixture.key("a")) == nil)
        #expect(try store.list(q).map(\.id) == ["keep"])
        q.externalID = "L"
        #expect(try store.list(q).map(\.id) == ["keep"])
        q.externalID = nil
        q.dependsOn = "keep"
        #expect(try store.list(q).isEmpty)
        #expect(try store.dependents(of: Fixture.key("keep"), transitive: true).isEmpty)
        #expect(try store.dependencyGraph(dialect: "quant", tenant: "org1", externalID: "L").tasks.map(\.id) == ["keep"])
        // Still on disk until swept.
        #expect(try store.scalar("SELECT count(*) FROM tasks") == 3)
    }

    @Test func expiredTasksAreAbsentToWritesToo() throws {
        let (store, clock) = try Fixture.store()
        defer { store.close() }
        try store.insertAll([Fixture.task("a", status: "old", expires: Fixture.t0 + 10)])
        clock.advance(byMillis: 10)
        #expect(throws: StoreError.notFound(Fixture.key("a"))) {
            try store.writeAndWait { tx in try tx.update(Fixture.task("a"), validateDependencies: false) }
        }
        #expect(throws: StoreError.notFound(Fixture.key("a"))) {
            try store.writeAndWait { tx in try tx.delete(Fixture.key("a"), cascade: true) }
        }
        #expect(throws: StoreError.unknownDependency("a")) {
            try store.insertAll([Fixture.task("b", dependsOn: ["a"])])
        }
        // Inserting the same key replaces the expired row.
        try store.insertAll([Fixture.task("a", status: "new")])
        #expect(try store.task(Fixture.key("a"))?.status == "new")
        #expect(try store.scalar("SELECT count(*) FROM tasks") == 1)
    }

    @Test func sweepDeletesInBatchesWithEdges() throws {
        let (store, clock) = try Fixture.store(sweepBatch: 3)
        defer { store.close() }
        var tasks = [Fixture.task("live")]
        for i in 0..<7 {
            tasks.append(Fixture.task("x\(i)", dependsOn: ["live"], created: Fixture.t0 + Int64(i), expires: Fixture.t0 + 100 + Int64(i)))
        }
        try store.insertAll(tasks)
        #expect(try store.scalar("SELECT count(*) FROM task_edges") == 7)
        clock.advance(byMillis: 103)  // x0...x3 expired
        #expect(try store.sweepExpired() == 3)
        #expect(try store.sweepExpired() == 1)
        #expect(try store.sweepExpired() == 0)
        #expect(try store.scalar("SELECT count(*) FROM tasks") == 4)
        #expect(try store.scalar("SELECT count(*) FROM task_edges") == 3)
        clock.advance(byMillis: 1000)
        #expect(try store.sweepExpired(batch: 100) == 3)
        #expect(try store.scalar("SELECT count(*) FROM tasks") == 1)
        #expect(try store.scalar("SELECT count(*) FROM task_edges") == 0)
        #expect(try store.task(Fixture.key("live")) != nil)
    }

    @Test func backgroundSweeperEmptiesExpiredRowsBatchByBatch() throws {
        let (store, clock) = try Fixture.store(sweepMillis: 10, sweepBatch: 7)
        defer { store.close() }
        var tasks: [TaskRecord] = []
        for i in 0..<50 { tasks.append(Fixture.task("t\(i)", created: Fixture.t0 + Int64(i), expires: Fixture.t0 + 5)) }
        tasks.append(Fixture.task("forever"))
        try store.insertAll(tasks)
        let txBefore = store.writeStatistics.transactions
        clock.advance(byMillis: 5)
        // Wait (bounded) for the sweeper; this asserts the outcome, not its speed.
        let deadline = DispatchTime.now() + .seconds(20)
        while try store.scalar("SELECT count(*) FROM tasks") > 1, DispatchTime.now() < deadline {
            usleep(5_000)
        }
        #expect(try store.scalar("SELECT count(*) FROM tasks") == 1)
        // 50 rows at 7 per batch took at least 8 write bodies.
        #expect(store.writeStatistics.bodies - 0 >= 8)
        #expect(store.writeStatistics.transactions > txBefore)
    }

    @Test func apiKeysExpireAndAreSwept() throws {
        let (store, clock) = try Fixture.store()
        defer { store.close() }
        let k = APIKeyRecord(dialect: "quant", tenant: "org1", keyID: "k1", secretHash: "aa", role: "admin",
                             createdAt: Fixture.t0, expiresAt: Fixture.t0 + 10)
        try store.writeAndWait { tx in try tx.putAPIKey(k) }
        #expect(try store.apiKey(secretHash: "aa") == k)
        clock.advance(byMillis: 10)
        #expect(try store.apiKey(secretHash: "aa") == nil)
        #expect(try store.apiKeys(dialect: "quant", tenant: "org1").isEmpty)
        try store.sweepExpired()
        #expect(try store.scalar("SELECT count(*) FROM api_keys") == 0)
    }
}
