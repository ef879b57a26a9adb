import Testing
@testable import Store

/// Issue 14: tasks created in the same millisecond come back in insertion order (newest
/// first), every time, in every list, in dependents and in the dependency graph.
@Suite struct OrderTests {
    /// 200 tasks on a frozen clock, so every createdAt ties; random-looking ids, so an id
    /// tie-break would scramble them.
    static func sameMillisecond(_ n: Int = 200, external: String? = "L", dependsOn: [String] = []) -> [TaskRecord] {
        (0..<n).map { i in
            var rng = SplitMix(seed: UInt64(i) &* 0x9E37_79B9_7F4A_7C15)
            let id = "\(rng.next() % 1_000_000_007)-\(i)"
            return Fixture.task(id, status: "pending", external: external, assignee: "a", dependsOn: dependsOn)
        }
    }

    @Test(arguments: [1, 7, 200])
    func sameMillisecondTasksListNewestInsertionFirst(perTransaction: Int) throws {
        for _ in 0..<3 {  // "every time": fresh stores, same answer
            let (store, _) = try Fixture.store()
            defer { store.close() }
            let tasks = Self.sameMillisecond()
            var i = 0
            while i < tasks.count {
                try store.insertAll(Array(tasks[i..<min(i + perTransaction, tasks.count)]))
                i += perTransaction
            }
            let expected = tasks.reversed().map(\.id)
            var q = TaskQuery(dialect: "quant", tenant: "org1")
            q.limit = 500
            #expect(try store.list(q).map(\.id) == expected)
            q.status = "pending"
            #expect(try store.list(q).map(\.id) == expected)
            q.externalID = "L"
            #expect(try store.list(q).map(\.id) == expected)
            q.assignee = "a"
            q.full = true
            #expect(try store.list(q).map(\.id) == expected)
            // Pages of the list agree with the whole.
            q.limit = 50
            #expect(try store.list(q).map(\.id) == Array(expected.prefix(50)))
        }
    }

    @Test func dependentsAndTheirFilterListInInsertionOrder() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        try store.insertAll([Fixture.task("root")])
        let tasks = Self.sameMillisecond(dependsOn: ["root"])
        try store.insertAll(tasks)
        let expected = tasks.reversed().map(\.id)
        #expect(try store.dependents(of: Fixture.key("root"), transitive: false) == expected)
        #expect(try store.dependents(of: Fixture.key("root"), transitive: true) == expected)
        var q = TaskQuery(dialect: "quant", tenant: "org1")
        q.dependsOn = "root"
        q.limit = 500
        #expect(try store.list(q).map(\.id) == expected)
        // The 409 lists the same ids; cascade deletes in that order too.
        #expect(throws: StoreError.hasDependents(expected)) {
            try store.writeAndWait { tx in try tx.delete(Fixture.key("root"), cascade: false) }
        }
        #expect(try store.writeAndWait { tx in try tx.delete(Fixture.key("root"), cascade: true) } == ["root"] + expected)
    }

    @Test func theGraphOrdersTasksRootsLeavesAndDependentsByInsertion() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        // Three layers, all in one millisecond: a1...a5, then b_i depends on a_i, then c
        // depends on every b.
        let a = (1...5).map { Fixture.task("a\(6 - $0)z\($0)", external: "L") }
        let b = a.enumerated().map { i, t in Fixture.task("b\(i % 2 == 0 ? "x" : "")\(5 - i)", external: "L", dependsOn: [t.id]) }
        let c = Fixture.task("c", external: "L", dependsOn: b.map(\.id))
        try store.insertAll(a + b + [c])
        let g = try store.dependencyGraph(dialect: "quant", tenant: "org1", externalID: "L")
        let newestFirst = ([c] + b.reversed() + a.reversed()).map(\.id)
        #expect(g.tasks.map(\.id) == newestFirst)
        #expect(g.roots == a.reversed().map(\.id))
        #expect(g.leaves == ["c"])
        for (i, t) in a.enumerated() { #expect(g.dependents[t.id] == [b[i].id]) }
        for t in b { #expect(g.dependents[t.id] == ["c"]) }
    }

    /// An upsert that replaces a row keeps its place; a delete and re-insert is a new insertion.
    @Test func upsertKeepsItsPlaceReinsertMovesToTheFront() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        try store.insertAll([Fixture.task("x"), Fixture.task("y"), Fixture.task("z")])
        let q = TaskQuery(dialect: "quant", tenant: "org1")
        try store.writeAndWait { tx in try tx.upsert(Fixture.task("x", status: "done"), validateDependencies: false) }
        #expect(try store.list(q).map(\.id) == ["z", "y", "x"])
        _ = try store.writeAndWait { tx in try tx.delete(Fixture.key("x"), cascade: false) }
        try store.insertAll([Fixture.task("x")])
        #expect(try store.list(q).map(\.id) == ["x", "z", "y"])
        // createdAt still decides first: an older task sorts after newer ones.
        try store.insertAll([Fixture.task("old", created: Fixture.t0 - 1)])
        #expect(try store.list(q).map(\.id) == ["x", "z", "y", "old"])
    }

    @Test func apiKeysCreatedInTheSameMillisecondListNewestFirst() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        let ids = (0..<50).map { "k\(($0 * 37) % 50)" }
        try store.writeAndWait { tx in
            for id in ids {
                try tx.putAPIKey(APIKeyRecord(dialect: "amigo", tenant: "w", keyID: id, secretHash: "h-\(id)", role: "owner",
                                              createdAt: Fixture.t0))
            }
        }
        #expect(try store.apiKeys(dialect: "amigo", tenant: "w").map(\.keyID) == ids.reversed())
    }
}

/// A small deterministic generator for test ids.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
