import Testing
@testable import Store

@Suite struct DependencyTests {
    @Test func unknownDependencyIsRejectedWhenValidating() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        #expect(throws: StoreError.unknownDependency("ghost")) {
            try store.insertAll([Fixture.task("a", dependsOn: ["ghost"])])
        }
        #expect(try store.task(Fixture.key("a")) == nil)
        // A dependency in another tenant does not count.
        try store.insertAll([Fixture.task("b", tenant: "org2")])
        #expect(throws: StoreError.unknownDependency("b")) {
            try store.insertAll([Fixture.task("a", dependsOn: ["b"])])
        }
    }

    @Test func seedsMayReferenceTasksCreatedLater() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        try store.insertAll([Fixture.task("child", dependsOn: ["parent"])], validate: false)
        // The reverse index answers for an id that does not exist (yet): child names it.
        #expect(try store.dependents(of: Fixture.key("parent"), transitive: false) == ["child"])
        #expect(try store.task(Fixture.key("child"))?.dependsOn == ["parent"])
        try store.insertAll([Fixture.task("parent")])
        #expect(try store.dependents(of: Fixture.key("parent"), transitive: false) == ["child"])
    }

    @Test func selfDependencyIsACycle() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        #expect(throws: StoreError.cycle(["a", "a"])) {
            try store.insertAll([Fixture.task("a", dependsOn: ["a"])], validate: false)
        }
    }

    @Test func cyclesAreRejectedWithTheirPath() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        try store.insertAll([Fixture.task("a"), Fixture.task("b", dependsOn: ["a"]), Fixture.task("c", dependsOn: ["b"])])
        // a -> c would close a -> c -> b -> a.
        var a = Fixture.task("a", dependsOn: ["c"])
        #expect(throws: StoreError.cycle(["a", "c", "b", "a"])) {
            try store.writeAndWait { [a] tx in try tx.update(a, validateDependencies: true) }
        }
        #expect(throws: StoreError.cycle(["a", "c", "b", "a"])) {
            try store.writeAndWait { [a] tx in try tx.upsert(a, validateDependencies: true) }
        }
        // A seeded forward reference closing a loop is caught when the loop closes.
        try store.insertAll([Fixture.task("x", dependsOn: ["y"])], validate: false)
        #expect(throws: StoreError.cycle(["y", "x", "y"])) {
            try store.insertAll([Fixture.task("y", dependsOn: ["x"])], validate: false)
        }
        // Unchanged after the rejections.
        #expect(try store.task(Fixture.key("a"))?.dependsOn == [])
        // A diamond is not a cycle.
        a = Fixture.task("d", dependsOn: ["b", "c"])
        try store.insertAll([a])
    }

    @Test func dependentsOneLevelAndTransitive() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        let t = Fixture.t0
        try store.insertAll([
            Fixture.task("root", created: t),
            Fixture.task("m1", dependsOn: ["root"], created: t + 1),
            Fixture.task("m2", dependsOn: ["root"], created: t + 2),
            Fixture.task("leaf", dependsOn: ["m1", "m2"], created: t + 3),
            Fixture.task("far", dependsOn: ["leaf"], created: t + 4),
        ])
        #expect(try store.dependents(of: Fixture.key("root"), transitive: false) == ["m2", "m1"])
        #expect(try store.dependents(of: Fixture.key("root"), transitive: true) == ["m2", "m1", "leaf", "far"])
        #expect(try store.dependents(of: Fixture.key("far"), transitive: true) == [])
    }

    @Test func deleteWithoutCascadeRefusesWhenOthersDepend() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        try store.insertAll([Fixture.task("a"), Fixture.task("b", dependsOn: ["a"])])
        #expect(throws: StoreError.hasDependents(["b"])) {
            try store.writeAndWait { tx in try tx.delete(Fixture.key("a"), cascade: false) }
        }
        #expect(try store.writeAndWait { tx in try tx.delete(Fixture.key("b"), cascade: false) } == ["b"])
        #expect(try store.writeAndWait { tx in try tx.delete(Fixture.key("a"), cascade: false) } == ["a"])
        #expect(try store.scalar("SELECT count(*) FROM task_edges") == 0)
        #expect(throws: StoreError.notFound(Fixture.key("a"))) {
            try store.writeAndWait { tx in try tx.delete(Fixture.key("a"), cascade: false) }
        }
    }

    @Test func cascadeDeleteRemovesTransitiveDependentsInOneTransaction() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        let t = Fixture.t0
        try store.insertAll([
            Fixture.task("root", created: t),
            Fixture.task("other", created: t + 4),
            Fixture.task("m1", dependsOn: ["root"], created: t + 1),
            Fixture.task("leaf", dependsOn: ["m1", "other"], created: t + 3),
        ])
        let before = store.writeStatistics.transactions
        let deleted = try store.writeAndWait { tx in try tx.delete(Fixture.key("root"), cascade: true) }
        #expect(deleted == ["root", "m1", "leaf"])
        #expect(store.writeStatistics.transactions == before + 1)
        #expect(try store.list(TaskQuery(dialect: "quant", tenant: "org1")).map(\.id) == ["other"])
        #expect(try store.scalar("SELECT count(*) FROM task_edges") == 0)
    }

    @Test func dependencyGraphOfATaskList() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        let t = Fixture.t0
        try store.insertAll([
            Fixture.task("outside", external: "other", created: t),
            Fixture.task("a", external: "L", created: t + 1),
            Fixture.task("b", external: "L", dependsOn: ["a"], created: t + 2),
            Fixture.task("c", external: "L", dependsOn: ["a", "outside"], created: t + 3),
            Fixture.task("d", external: "L", dependsOn: ["b", "c"], created: t + 4),
            Fixture.task("solo", external: "L", dependsOn: ["outside"], created: t + 5),
        ])
        let g = try store.dependencyGraph(dialect: "quant", tenant: "org1", externalID: "L")
        #expect(g.tasks.map(\.id) == ["solo", "d", "c", "b", "a"])
        #expect(g.tasks.first { $0.id == "c" }?.dependsOn == ["a", "outside"])
        #expect(g.roots == ["solo", "a"])
        #expect(g.leaves == ["solo", "d"])
        #expect(g.dependents == ["a": ["c", "b"], "b": ["d"], "c": ["d"], "d": [], "solo": []])
        let empty = try store.dependencyGraph(dialect: "quant", tenant: "org1", externalID: "nope")
        #expect(empty == DependencyGraph(tasks: [], dependents: [:], roots: [], leaves: []))
    }

    @Test func deleteTenantRemovesOnlyThatTenantsTasks() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        try store.insertAll([Fixture.task("a"), Fixture.task("b", dependsOn: ["a"]), Fixture.task("a", tenant: "org2")])
        try store.writeAndWait { tx in try tx.setSetting(dialect: "quant", tenant: "org1", key: "k", value: "v") }
        #expect(try store.writeAndWait { tx in try tx.deleteTenant(dialect: "quant", tenant: "org1") } == 2)
        #expect(try store.list(TaskQuery(dialect: "quant", tenant: "org1")).isEmpty)
        #expect(try store.task(Fixture.key("a", tenant: "org2")) != nil)
        #expect(try store.scalar("SELECT count(*) FROM task_edges") == 0)
        #expect(try store.setting(dialect: "quant", tenant: "org1", key: "k") == "v")
    }

    @Test func longChainsInEitherOrderKeepTheirEdgesAndRejectClosingTheLoop() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        let n = 2000
        // Parent first (each new task depends on the previous one)...
        try store.insertAll((0..<n).map { i in Fixture.task("p\(i)", dependsOn: i == 0 ? [] : ["p\(i - 1)"]) })
        // ...and dependents first (seed order), which the store must accept unvalidated.
        try store.insertAll((0..<n).reversed().map { i in Fixture.task("d\(i)", dependsOn: i == 0 ? [] : ["d\(i - 1)"]) },
                            validate: false)
        #expect(try store.dependents(of: Fixture.key("p0"), transitive: true).count == n - 1)
        #expect(try store.dependents(of: Fixture.key("d0"), transitive: true).count == n - 1)
        // Closing either chain into a loop is found however long the walk.
        let error = #expect(throws: StoreError.self) {
            try store.writeAndWait { tx in try tx.update(Fixture.task("p0", dependsOn: ["p\(n - 1)"]), validateDependencies: true) }
        }
        guard case .cycle(let path)? = error else {
            Issue.record("expected a cycle, got \(String(describing: error))")
            return
        }
        #expect(path.count == n + 1)
        #expect(path.first == "p0" && path.last == "p0")
    }
}
