import Testing
@testable import Store

@Suite struct OutboxTests {
    static func event(_ id: String, tenant: String = "org", dialect: String = "chamelio", notBefore: Int64? = nil) -> NewDelivery {
        NewDelivery(dialect: dialect, tenant: tenant, eventID: id, target: "http://127.0.0.1:9/hook",
                    headers: [DeliveryHeader("X-Chamelio-Signature", "sha256=ab"), DeliveryHeader("X-Dup", "1"), DeliveryHeader("X-Dup", "2")],
                    body: Array(#"{"event":"\#(id)"}"#.utf8), notBefore: notBefore)
    }

    /// The event exists if and only if the state change that enqueued it committed.
    @Test func enqueueIsPartOfTheStateChangesTransaction() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        struct Boom: Error {}
        #expect(throws: StoreError.self) {
            try store.writeAndWait { tx in
                try tx.insert(Fixture.task("t1"), validateDependencies: true)
                try tx.enqueueDelivery(Self.event("e1"))
                throw Boom()
            }
        }
        #expect(try store.dueDeliveries(limit: 10).isEmpty)
        let id = try store.writeAndWait { tx in
            try tx.insert(Fixture.task("t1"), validateDependencies: true)
            return try tx.enqueueDelivery(Self.event("e1"))
        }
        let d = try #require(try store.delivery(id: id))
        #expect(d.status == .pending && d.attempts == 0 && d.nextAttemptAt == Fixture.t0 && d.createdAt == Fixture.t0)
        #expect(d.headers == Self.event("e1").headers && d.body == Self.event("e1").body && d.eventID == "e1")
        // The same event again is the same delivery.
        #expect(try store.writeAndWait { tx in try tx.enqueueDelivery(Self.event("e1")) } == id)
        #expect(try store.deliveries(DeliveryFilter()).count == 1)
        // Another dialect may use the same event id.
        #expect(try store.writeAndWait { tx in try tx.enqueueDelivery(Self.event("e1", dialect: "nla")) } != id)
    }

    @Test func dueOrderRetryThenDelivered() throws {
        let (store, clock) = try Fixture.store()
        defer { store.close() }
        let (a, b, later) = try store.writeAndWait { tx in
            (try tx.enqueueDelivery(Self.event("a")), try tx.enqueueDelivery(Self.event("b")),
             try tx.enqueueDelivery(Self.event("later", notBefore: Fixture.t0 + 60_000)))
        }
        #expect(try store.dueDeliveries(limit: 10).map(\.id) == [a, b])
        #expect(try store.nextDeliveryDue() == Fixture.t0)
        // a fails with a 500: retried in a minute.
        let failed = try #require(try store.writeAndWait { tx in
            try tx.recordAttempt(deliveryID: a, httpStatus: 500, error: "HTTP 500", durationMillis: 12,
                                 outcome: .retry(at: tx.now + 60_000))
        })
        #expect(failed.status == .pending && failed.attempts == 1 && failed.roundAttempts == 1 && failed.lastStatus == 500)
        #expect(failed.nextAttemptAt == Fixture.t0 + 60_000 && failed.lastError == "HTTP 500")
        #expect(try store.dueDeliveries(limit: 10).map(\.id) == [b])
        try store.writeAndWait { tx in
            try tx.recordAttempt(deliveryID: b, httpStatus: 204, error: nil, durationMillis: 3, outcome: .delivered)
        }
        #expect(try store.dueDeliveries(limit: 10).isEmpty)
        #expect(try store.nextDeliveryDue() == Fixture.t0 + 60_000)
        clock.advance(byMillis: 60_000)
        #expect(try store.dueDeliveries(limit: 10).map(\.id) == [a, later])  // ties: enqueue order
        let ok = try #require(try store.writeAndWait { tx in
            try tx.recordAttempt(deliveryID: a, httpStatus: 200, error: nil, durationMillis: 5, outcome: .delivered)
        })
        #expect(ok.status == .delivered && ok.deliveredAt == Fixture.t0 + 60_000 && ok.nextAttemptAt == nil && ok.attempts == 2)
        #expect(try store.deliveryAttempts(id: a) == [
            DeliveryAttempt(attempt: 1, at: Fixture.t0, httpStatus: 500, error: "HTTP 500", durationMillis: 12),
            DeliveryAttempt(attempt: 2, at: Fixture.t0 + 60_000, httpStatus: 200, error: nil, durationMillis: 5),
        ])
        // A finished delivery takes no more attempts.
        #expect(try store.writeAndWait { tx in
            try tx.recordAttempt(deliveryID: a, httpStatus: 200, error: nil, durationMillis: 1, outcome: .delivered)
        } == nil)
        #expect(try store.deliveryAttempts(id: a).count == 2)
    }

    @Test func giveUpThenReplayStartsANewRound() throws {
        let (store, clock) = try Fixture.store()
        defer { store.close() }
        let id = try store.writeAndWait { tx in try tx.enqueueDelivery(Self.event("x")) }
        for i in 0..<3 {
            try store.writeAndWait { tx in
                try tx.recordAttempt(deliveryID: id, httpStatus: nil, error: "connection refused", durationMillis: 1,
                                     outcome: i < 2 ? .retry(at: tx.now) : .giveUp)
            }
        }
        var d = try #require(try store.delivery(id: id))
        #expect(d.status == .undelivered && d.attempts == 3 && d.roundAttempts == 3 && d.nextAttemptAt == nil)
        #expect(d.lastStatus == nil && d.lastError == "connection refused")
        #expect(try store.deliveries(DeliveryFilter(status: .undelivered)).map(\.id) == [id])
        clock.advance(byMillis: 5)
        #expect(try store.writeAndWait { tx in try tx.replayDelivery(id) })
        #expect(try !store.writeAndWait { tx in try tx.replayDelivery(999) })
        d = try #require(try store.delivery(id: id))
        #expect(d.status == .pending && d.roundAttempts == 0 && d.attempts == 3 && d.nextAttemptAt == Fixture.t0 + 5)
        try store.writeAndWait { tx in
            try tx.recordAttempt(deliveryID: id, httpStatus: 200, error: nil, durationMillis: 1, outcome: .delivered)
        }
        #expect(try store.deliveryAttempts(id: id).map(\.attempt) == [1, 2, 3, 4])
    }

    @Test func claimingLeasesDueDeliveriesUntilTheLeaseRunsOut() throws {
        let (store, clock) = try Fixture.store()
        defer { store.close() }
        let ids = try store.writeAndWait { tx in try (0..<5).map { try tx.enqueueDelivery(Self.event("c\($0)")) } }
        let first = try store.writeAndWait { tx in try tx.claimDueDeliveries(limit: 3, leaseMillis: 10_000) }
        #expect(first.map(\.id) == Array(ids.prefix(3)))
        let second = try store.writeAndWait { tx in try tx.claimDueDeliveries(limit: 10, leaseMillis: 10_000) }
        #expect(second.map(\.id) == Array(ids.suffix(2)))  // the leased ones are not taken again
        #expect(try store.writeAndWait { tx in try tx.claimDueDeliveries(limit: 10, leaseMillis: 10_000) }.isEmpty)
        // The process "died" mid-send: once the lease runs out they are due again.
        clock.advance(byMillis: 10_000)
        #expect(try store.writeAndWait { tx in try tx.claimDueDeliveries(limit: 10, leaseMillis: 10_000) }.map(\.id) == ids)
    }

    /// A pending delivery survives a restart: the outbox is in the database file.
    @Test func pendingDeliveriesSurviveReopening() throws {
        let path = Fixture.tempPath("outbox")
        defer { Fixture.remove(path) }
        let (a, clock) = try Fixture.store(path: path)
        let id = try a.writeAndWait { tx in try tx.enqueueDelivery(Self.event("durable")) }
        a.close()
        let (b, _) = try Fixture.store(path: path, clock: clock)
        defer { b.close() }
        #expect(try b.dueDeliveries(limit: 5).map(\.id) == [id])
    }

    @Test func listingFiltersAndPagesNewestFirst() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        let ids = try store.writeAndWait { tx in
            try (0..<6).map { try tx.enqueueDelivery(Self.event("l\($0)", tenant: $0 % 2 == 0 ? "even" : "odd")) }
        }
        try store.writeAndWait { tx in _ = try tx.enqueueDelivery(Self.event("n", dialect: "nla")) }
        try store.writeAndWait { tx in
            try tx.recordAttempt(deliveryID: ids[0], httpStatus: 200, error: nil, durationMillis: 1, outcome: .delivered)
        }
        #expect(try store.deliveries(DeliveryFilter(dialect: "chamelio")).map(\.id) == ids.reversed())
        #expect(try store.deliveries(DeliveryFilter(dialect: "chamelio", tenant: "even")).map(\.id) == [ids[4], ids[2], ids[0]])
        #expect(try store.deliveries(DeliveryFilter(dialect: "chamelio", status: .delivered)).map(\.id) == [ids[0]])
        #expect(try store.deliveries(DeliveryFilter(dialect: "chamelio", limit: 2)).map(\.id) == [ids[5], ids[4]])
        #expect(try store.deliveries(DeliveryFilter(dialect: "chamelio", limit: 2, beforeID: ids[4])).map(\.id) == [ids[3], ids[2]])
        #expect(try store.deliveries(DeliveryFilter()).count == 7)
        // Pruning removes finished deliveries with their attempts.
        #expect(try store.writeAndWait { tx in try tx.pruneDeliveries(createdBefore: tx.now + 1, limit: 100) } == 1)
        #expect(try store.delivery(id: ids[0]) == nil)
        #expect(try store.scalar("SELECT count(*) FROM outbox_attempts") == 0)
    }
}
