#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Emulator
import Store
import Synchronization
import Testing

/// A transport that answers from a script and records what it was sent.
final class ScriptedTransport: WebhookTransport {
    let answers: Mutex<[WebhookAttemptResult]>
    let sent = Mutex<[(url: String, body: [UInt8], headers: [DeliveryHeader])]>([])

    init(_ answers: [WebhookAttemptResult]) { self.answers = Mutex(answers) }

    func post(url: String, headers: [DeliveryHeader], body: [UInt8], timeoutMillis: Int) -> WebhookAttemptResult {
        sent.withLock { $0.append((url, body, headers)) }
        return answers.withLock { $0.isEmpty ? .status(200) : $0.removeFirst() }
    }

    var count: Int { sent.withLock { $0.count } }
}

@Suite struct WebhookWorkerTests {
    let clock = ControllableClock(frozenAt: 1_767_225_600_000)

    func store() throws -> TaskStore {
        var o = StoreOptions()
        o.path = ":memory:"
        o.sweepIntervalMillis = 0
        return try TaskStore(options: o, clock: clock)
    }

    func enqueue(_ s: TaskStore, _ event: String = "e1") throws -> Int64 {
        try s.writeAndWait { tx in
            try tx.enqueueDelivery(NewDelivery(dialect: "d", tenant: "t", eventID: event, target: "http://127.0.0.1:9/hook",
                                               headers: [DeliveryHeader("X-Sig", "abc")], body: Array("{}".utf8)))
        }
    }

    func worker(_ s: TaskStore, _ t: ScriptedTransport, delays: [Int64] = [1000, 5000]) -> WebhookWorker {
        var o = WebhookWorker.Options()
        o.pollMillis = 10
        return WebhookWorker(store: s, transport: t, policies: ["d": WebhookPolicy(timeoutMillis: 1000, retryDelaysMillis: delays)], options: o)
    }

    /// Waits (wall time) until `check` holds, at most two seconds.
    func eventually(_ check: () throws -> Bool) rethrows -> Bool {
        for _ in 0..<200 {
            if try check() { return true }
            usleep(10_000)
        }
        return try check()
    }

    @Test func deliversOnceOnA2xx() throws {
        let s = try store()
        let t = ScriptedTransport([.status(204)])
        let w = worker(s, t)
        let id = try enqueue(s)
        w.start()
        defer { w.stop() }
        #expect(try eventually { try s.delivery(id: id)?.status == .delivered })
        usleep(50_000)
        #expect(t.count == 1)
        #expect(t.sent.withLock { $0[0].headers } == [DeliveryHeader("X-Sig", "abc")])
        #expect(try s.deliveryAttempts(id: id).map(\.httpStatus) == [204])
    }

    @Test func retriesOnTheStoreClockThenGivesUp() throws {
        let s = try store()
        let t = ScriptedTransport([.status(500), .failure("connect: refused"), .status(502)])
        let w = worker(s, t)
        let id = try enqueue(s)
        w.start()
        defer { w.stop() }
        #expect(try eventually { try s.delivery(id: id)?.attempts == 1 })
        let first = try #require(try s.delivery(id: id))
        #expect(first.status == .pending && first.nextAttemptAt == clock.nowMillis() + 1000 && first.lastStatus == 500)
        usleep(50_000)
        #expect(t.count == 1)  // the clock is frozen: the retry is not due yet
        clock.advance(byMillis: 1000)
        w.kick()
        #expect(try eventually { try s.delivery(id: id)?.attempts == 2 })
        #expect(try s.delivery(id: id)?.nextAttemptAt == clock.nowMillis() + 5000)
        clock.advance(byMillis: 5000)
        w.kick()
        #expect(try eventually { try s.delivery(id: id)?.status == .undelivered })
        #expect(try s.deliveryAttempts(id: id).map(\.error) == ["HTTP 500", "connect: refused", "HTTP 502"])
        // A replay starts a fresh round.
        _ = try s.writeAndWait { tx in try tx.replayDelivery(id) }
        w.kick()
        #expect(try eventually { try s.delivery(id: id)?.status == .delivered })
        #expect(t.count == 4)
    }

    @Test func aDeliveryClaimedByADeadProcessComesDueAfterItsLease() throws {
        let s = try store()
        let id = try enqueue(s)
        // A run that claimed it and died before recording the attempt.
        let claimed = try s.writeAndWait { tx in try tx.claimDueDeliveries(limit: 10, leaseMillis: 40_000) }
        #expect(claimed.map(\.id) == [id])
        let t = ScriptedTransport([])
        let w = worker(s, t)
        w.start()
        defer { w.stop() }
        usleep(100_000)
        #expect(t.count == 0)
        clock.advance(byMillis: 40_000)
        w.kick()
        #expect(try eventually { try s.delivery(id: id)?.status == .delivered })
        #expect(t.count == 1)
    }

    @Test func sendsAtMostItsConcurrencyAndEveryOneOnce() throws {
        let s = try store()
        let t = ScriptedTransport([])
        let w = worker(s, t)
        for i in 0..<20 { _ = try enqueue(s, "e\(i)") }
        w.start()
        defer { w.stop() }
        #expect(try eventually { try s.deliveries(DeliveryFilter(status: .delivered, limit: 100)).count == 20 })
        #expect(t.count == 20)
    }
}
