import Testing
@testable import Store

@Suite struct TaskCRUDTests {
    @Test func insertThenReadBackEveryField() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        var t = Fixture.task("a", external: "list1", assignee: "agent", summary: #"{"description":"d"}"#, detail: #"{"metadata":{"k":1}}"#)
        t.startedAt = Fixture.t0 + 1
        t.completedAt = Fixture.t0 + 2
        t.expiresAt = Fixture.t0 + 1_000_000
        t.updatedAt = Fixture.t0 + 3
        try store.insertAll([Fixture.task("dep1"), Fixture.task("dep2")])
        t.dependsOn = ["dep2", "dep1"]
        try store.insertAll([t])
        let got = try store.task(t.key)
        #expect(got == t)
    }

    @Test func missingTaskIsNil() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        #expect(try store.task(Fixture.key("nope")) == nil)
    }

    @Test func keysAreScopedByDialectAndTenant() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        try store.insertAll([Fixture.task("x", tenant: "org1"), Fixture.task("x", tenant: "org2"),
                             Fixture.task("x", dialect: "amigo", tenant: "org1")])
        #expect(try store.task(Fixture.key("x", tenant: "org2"))?.tenant == "org2")
        #expect(try store.task(Fixture.key("x", dialect: "amigo"))?.dialect == "amigo")
        #expect(try store.list(TaskQuery(dialect: "quant", tenant: "org1")).count == 1)
    }

    @Test func duplicateInsertIsRejected() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        try store.insertAll([Fixture.task("a")])
        #expect(throws: StoreError.duplicate(Fixture.key("a"))) {
            try store.insertAll([Fixture.task("a")])
        }
    }

    @Test func updateReplacesRowAndEdges() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        try store.insertAll([Fixture.task("d1"), Fixture.task("d2"), Fixture.task("a", dependsOn: ["d1"])])
        var a = try #require(try store.task(Fixture.key("a")))
        a.status = "completed"
        a.title = "new"
        a.dependsOn = ["d2"]
        a.summaryJSON = #"{"progress":1}"#
        let updated = a
        try store.writeAndWait { tx in try tx.update(updated, validateDependencies: true) }
        #expect(try store.task(a.key) == a)
        #expect(try store.dependents(of: Fixture.key("d1"), transitive: false) == [])
        #expect(try store.dependents(of: Fixture.key("d2"), transitive: false) == ["a"])
    }

    @Test func updateOfMissingTaskIsNotFound() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        #expect(throws: StoreError.notFound(Fixture.key("zz"))) {
            try store.writeAndWait { tx in try tx.update(Fixture.task("zz"), validateDependencies: true) }
        }
    }

    @Test func upsertInsertsThenReplaces() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        try store.writeAndWait { tx in try tx.upsert(Fixture.task("u", status: "pending"), validateDependencies: false) }
        try store.writeAndWait { tx in try tx.upsert(Fixture.task("u", status: "done", dependsOn: ["later"]), validateDependencies: false) }
        let got = try #require(try store.task(Fixture.key("u")))
        #expect(got.status == "done")
        #expect(got.dependsOn == ["later"])
        #expect(try store.list(TaskQuery(dialect: "quant", tenant: "org1")).count == 1)
    }

    @Test func transactionSeesItsOwnWrites() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        let seen = try store.writeAndWait { tx -> String? in
            try tx.insert(Fixture.task("a", dependsOn: []), validateDependencies: true)
            try tx.insert(Fixture.task("b", dependsOn: ["a"]), validateDependencies: true)
            return try tx.task(Fixture.key("b"))?.dependsOn.first
        }
        #expect(seen == "a")
    }

    @Test func nonStoreErrorsAreWrappedAsInvalid() throws {
        struct Boom: Error {}
        let (store, _) = try Fixture.store()
        defer { store.close() }
        #expect(throws: StoreError.invalid(String(describing: Boom()))) {
            try store.writeAndWait { _ in throw Boom() }
        }
    }

    @Test func closedStoreRefusesWork() throws {
        let (store, _) = try Fixture.store()
        store.close()
        #expect(throws: StoreError.closed) { try store.task(Fixture.key("a")) }
        #expect(throws: StoreError.closed) { try store.insertAll([Fixture.task("a")]) }
        store.close()
    }
}
