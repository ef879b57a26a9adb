import Testing
@testable import Store

@Suite struct QueryTests {
    /// Six tasks with distinct created times, two sharing one (id breaks the tie).
    func seeded() throws -> TaskStore {
        let (store, _) = try Fixture.store()
        let t = Fixture.t0
        try store.insertAll([
            Fixture.task("a", status: "pending", external: "L1", assignee: "ag1", created: t + 1),
            Fixture.task("b", status: "completed", external: "L1", assignee: "ag2", created: t + 2),
            Fixture.task("c", status: "pending", external: "L2", assignee: "ag1", dependsOn: ["a"], created: t + 3),
            Fixture.task("d", status: "pending", external: "L1", dependsOn: ["a", "b"], created: t + 3),
            Fixture.task("e", status: "failed", created: t + 4, detail: #"{"x":1}"#),
            Fixture.task("other", tenant: "org2", status: "pending", created: t + 5),
        ])
        return store
    }

    func ids(_ store: TaskStore, _ configure: (inout TaskQuery) -> Void) throws -> [String] {
        var q = TaskQuery(dialect: "quant", tenant: "org1")
        configure(&q)
        return try store.list(q).map(\.id)
    }

    @Test func newestFirstWithIdBreakingTies() throws {
        let store = try seeded()
        defer { store.close() }
        #expect(try ids(store) { _ in } == ["e", "d", "c", "b", "a"])
    }

    @Test func filtersByStatus() throws {
        let store = try seeded()
        defer { store.close() }
        #expect(try ids(store) { $0.status = "pending" } == ["d", "c", "a"])
        #expect(try ids(store) { $0.status = "nothing" } == [])
    }

    @Test func filtersByExternalID() throws {
        let store = try seeded()
        defer { store.close() }
        #expect(try ids(store) { $0.externalID = "L1" } == ["d", "b", "a"])
    }

    @Test func filtersByAssignee() throws {
        let store = try seeded()
        defer { store.close() }
        #expect(try ids(store) { $0.assignee = "ag1" } == ["c", "a"])
    }

    @Test func filtersByDependsOnThroughTheReverseIndex() throws {
        let store = try seeded()
        defer { store.close() }
        #expect(try ids(store) { $0.dependsOn = "a" } == ["d", "c"])
        #expect(try ids(store) { $0.dependsOn = "b" } == ["d"])
        #expect(try ids(store) { $0.dependsOn = "e" } == [])
    }

    @Test func filtersCombineWithAnd() throws {
        let store = try seeded()
        defer { store.close() }
        #expect(try ids(store) { $0.status = "pending"; $0.externalID = "L1" } == ["d", "a"])
        #expect(try ids(store) { $0.status = "pending"; $0.assignee = "ag1"; $0.externalID = "L2" } == ["c"])
        #expect(try ids(store) { $0.dependsOn = "a"; $0.externalID = "L1" } == ["d"])
        #expect(try ids(store) { $0.dependsOn = "a"; $0.status = "completed" } == [])
    }

    @Test func limitTakesTheNewest() throws {
        let store = try seeded()
        defer { store.close() }
        #expect(try ids(store) { $0.limit = 2 } == ["e", "d"])
        #expect(try ids(store) { $0.limit = 0 } == [])
        #expect(try ids(store) { $0.dependsOn = "a"; $0.limit = 1 } == ["d"])
    }

    @Test func summariesOmitDetailAndEdgesFullListsIncludeThem() throws {
        let store = try seeded()
        defer { store.close() }
        var q = TaskQuery(dialect: "quant", tenant: "org1")
        let summary = try store.list(q)
        #expect(summary.allSatisfy { $0.detailJSON == "{}" && $0.dependsOn.isEmpty })
        q.full = true
        let full = try store.list(q)
        #expect(full.first { $0.id == "e" }?.detailJSON == #"{"x":1}"#)
        #expect(full.first { $0.id == "d" }?.dependsOn == ["a", "b"])
        for r in full { #expect(try store.task(r.key) == r) }
    }

    @Test func tenantsAreIsolated() throws {
        let store = try seeded()
        defer { store.close() }
        #expect(try store.list(TaskQuery(dialect: "quant", tenant: "org2")).map(\.id) == ["other"])
        #expect(try store.list(TaskQuery(dialect: "amigo", tenant: "org1")).isEmpty)
    }

    @Test func aDependencyListedTwiceYieldsTheDependentOnce() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        try store.insertAll([Fixture.task("x"), Fixture.task("y", dependsOn: ["x", "x"])])
        #expect(try store.task(Fixture.key("y"))?.dependsOn == ["x", "x"])
        #expect(try store.dependents(of: Fixture.key("x"), transitive: false) == ["y"])
        var q = TaskQuery(dialect: "quant", tenant: "org1")
        q.dependsOn = "x"
        #expect(try store.list(q).map(\.id) == ["y"])
    }

    @Test func textRoundTripsExactly() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        let odd = "é \u{0} 日本 \"q\" \\ emoji 🎉"
        var t = Fixture.task("ü-\u{1F600}", summary: #"{"s":"\#(odd)"}"#)
        t.title = odd
        t.assignee = ""
        try store.insertAll([t])
        #expect(try store.task(t.key) == t)
    }
}
