import Testing
@testable import Store

@Suite struct ResourceTests {
    static func resource(_ id: String, kind: String = "agent", tenant: String = "u1", body: String = "{}",
                         data: [UInt8]? = nil, created: Int64 = Fixture.t0, expires: Int64? = nil) -> ResourceRecord {
        ResourceRecord(dialect: "nla", tenant: tenant, kind: kind, id: id, bodyJSON: body, data: data, createdAt: created,
                       expiresAt: expires)
    }

    static func key(_ id: String, kind: String = "agent", tenant: String = "u1") -> ResourceKey {
        ResourceKey(dialect: "nla", tenant: tenant, kind: kind, id: id)
    }

    @Test func putGetReplaceDelete() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        let file = Self.resource("f1", kind: "file", body: #"{"name":"a.pdf"}"#, data: [0, 1, 2, 255])
        let empty = Self.resource("f2", kind: "file", data: [])
        try store.writeAndWait { tx in
            try tx.putResource(file)
            try tx.putResource(empty)
            try tx.putResource(Self.resource("a1"))
        }
        #expect(try store.resource(file.key) == file)
        #expect(try store.resource(empty.key)?.data == [])  // empty bytes are not NULL
        #expect(try store.resource(Self.key("a1"))?.data == nil)
        #expect(try store.resource(Self.key("f1")) == nil)  // kinds are separate
        #expect(try store.resource(Self.key("a1", tenant: "u2")) == nil)
        var changed = file
        changed.bodyJSON = #"{"name":"b.pdf"}"#
        changed.updatedAt = Fixture.t0 + 9
        try store.writeAndWait { [changed] tx in
            try tx.putResource(changed)
            #expect(try tx.resource(changed.key) == changed)
        }
        #expect(try store.resource(file.key) == changed)
        #expect(try store.writeAndWait { tx in try tx.deleteResource(file.key) })
        #expect(try !store.writeAndWait { tx in try tx.deleteResource(file.key) })
        #expect(try store.resource(file.key) == nil)
    }

    @Test func listsArePagedNewestFirstInInsertionOrderWithoutData() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        // 25 in one millisecond, then 5 older: ties come back newest insertion first.
        let same = (0..<25).map { Self.resource("s\(($0 * 7) % 25)", data: [UInt8($0)]) }
        let older = (0..<5).map { Self.resource("o\($0)", created: Fixture.t0 - 10 + Int64($0)) }
        try store.writeAndWait { tx in for r in same + older { try tx.putResource(r) } }
        try store.writeAndWait { tx in try tx.putResource(Self.resource("other-kind", kind: "workflow")) }
        let expected = same.reversed().map(\.id) + older.reversed().map(\.id)
        var q = ResourceQuery(dialect: "nla", tenant: "u1", kind: "agent")
        q.limit = 7
        var seen: [String] = []
        var pages = 0
        repeat {
            let page = try store.resources(q)
            #expect(page.items.allSatisfy { $0.data == nil })
            seen += page.items.map(\.id)
            q.after = page.next
            pages += 1
        } while q.after != nil && pages < 10
        #expect(seen == expected)
        #expect(pages == 5)  // 30 items by 7
        q.after = nil
        q.includeData = true
        q.limit = 30
        let whole = try store.resources(q)
        #expect(whole.items.map(\.id) == expected && whole.next == nil)
        #expect(whole.items.first?.data == [24])
        // A cursor survives as a token.
        let token = try #require(try store.resources({ var x = q; x.limit = 3; return x }()).next).token
        q.after = ListCursor(token: token)
        #expect(try store.resources(q).items.map(\.id) == Array(expected.dropFirst(3)))
        #expect(ListCursor(token: "12") == nil && ListCursor(token: "a.b") == nil)
    }

    @Test func expiredResourcesVanishAndAreSwept() throws {
        let (store, clock) = try Fixture.store()
        defer { store.close() }
        try store.writeAndWait { tx in
            try tx.putResource(Self.resource("gone", kind: "file", expires: Fixture.t0 + 10))
            try tx.putResource(Self.resource("kept", kind: "file"))
        }
        clock.advance(byMillis: 10)
        #expect(try store.resource(Self.key("gone", kind: "file")) == nil)
        #expect(try store.resources(ResourceQuery(dialect: "nla", tenant: "u1", kind: "file")).items.map(\.id) == ["kept"])
        #expect(try store.scalar("SELECT count(*) FROM resources") == 2)
        try store.sweepExpired()
        #expect(try store.scalar("SELECT count(*) FROM resources") == 1)
    }

    @Test func countersIncreasePerDialectAndNameAndRollBackWithTheirBody() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        #expect(try store.currentSequence(dialect: "chamelio", name: "task") == 0)
        let first = try store.writeAndWait { tx in
            [try tx.nextSequence(dialect: "chamelio", name: "task"), try tx.nextSequence(dialect: "chamelio", name: "task"),
             try tx.nextSequence(dialect: "chamelio", name: "file"), try tx.nextSequence(dialect: "nla", name: "task")]
        }
        #expect(first == [1, 2, 1, 1])
        struct Boom: Error {}
        #expect(throws: StoreError.self) {
            try store.writeAndWait { tx in
                _ = try tx.nextSequence(dialect: "chamelio", name: "task")
                throw Boom()
            }
        }
        #expect(try store.writeAndWait { tx in try tx.nextSequence(dialect: "chamelio", name: "task") } == 3)
        try store.writeAndWait { tx in try tx.raiseSequence(dialect: "chamelio", name: "task", atLeast: 41) }
        try store.writeAndWait { tx in try tx.raiseSequence(dialect: "chamelio", name: "task", atLeast: 5) }  // never lowers
        #expect(try store.writeAndWait { tx in try tx.nextSequence(dialect: "chamelio", name: "task") } == 42)
        #expect(try store.currentSequence(dialect: "chamelio", name: "task") == 42)
        try store.writeAndWait { tx in try tx.raiseSequence(dialect: "chamelio", name: "new", atLeast: 7) }
        #expect(try store.writeAndWait { tx in try tx.currentSequence(dialect: "chamelio", name: "new") } == 7)
    }
}
