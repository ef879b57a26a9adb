import JSON
import Testing
@testable import Quant

/// Get and list answers come from the store's read cache between commits (ReadCache); these
/// pin that a cached answer is never staler than the last commit or the clock.
@Suite struct QuantReadCacheTests {
    @Test func aRepeatedGetIsServedFromTheCacheAndIsTheSameBody() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"t","description":"d"}"#)
        let hits = h.store.readCache.hitCount
        let first = h.get(QuantHarness.tasks() + "/" + id)
        let second = h.get(QuantHarness.tasks() + "/" + id)
        #expect(first.status == 200)
        #expect(second.body == first.body)
        #expect(h.store.readCache.hitCount == hits + 1)
    }

    @Test func aGetAfterAnUpdateOrDeleteSeesIt() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"before"}"#)
        #expect(h.task(id)["title"]?.stringValue == "before")
        #expect(h.task(id)["title"]?.stringValue == "before")
        #expect(h.put(QuantHarness.tasks() + "/" + id, #"{"title":"after"}"#).status == 200)
        #expect(h.task(id)["title"]?.stringValue == "after")
        #expect(h.delete(QuantHarness.tasks() + "/" + id).status == 200)
        #expect(h.get(QuantHarness.tasks() + "/" + id).status == 404)
    }

    @Test func aListAfterACreateOrDeleteSeesIt() throws {
        let h = try QuantHarness()
        let a = h.create(#"{"title":"a"}"#)
        h.tick()
        let list = QuantHarness.tasks() + "?status=pending&limit=50"
        #expect(h.get(list).json["tasks"]?.arrayValue?.compactMap { $0["taskId"]?.stringValue } == [a])
        #expect(h.get(list).json["count"]?.intValue == 1)
        let b = h.create(#"{"title":"b"}"#)
        #expect(h.get(list).json["tasks"]?.arrayValue?.compactMap { $0["taskId"]?.stringValue } == [b, a])
        #expect(h.delete(QuantHarness.tasks() + "/" + a).status == 200)
        #expect(h.get(list).json["tasks"]?.arrayValue?.compactMap { $0["taskId"]?.stringValue } == [b])
        // Another spelling of the query is another entry, with the same answer.
        #expect(h.get(QuantHarness.tasks() + "?limit=50&status=pending").json["count"]?.intValue == 1)
    }

    @Test func aCachedListDropsATaskTheMomentItExpires() throws {
        let h = try QuantHarness(completedTTLMillis: 10_000)
        let done = h.create(#"{"title":"done"}"#)
        h.tick()
        let open = h.create(#"{"title":"open"}"#)
        #expect(h.put(QuantHarness.tasks() + "/" + done, #"{"status":"completed"}"#).status == 200)
        let list = QuantHarness.tasks()
        let ids = { h.get(list).json["tasks"]?.arrayValue?.compactMap { $0["taskId"]?.stringValue } ?? [] }
        #expect(ids() == [open, done])
        h.tick(9_999)
        #expect(ids() == [open, done])   // from the cache
        h.tick(1)
        #expect(ids() == [open])
    }

    @Test func aClockSetBackBeforeTheReadIsNotServedFromTheCache() throws {
        let h = try QuantHarness(completedTTLMillis: 1_000)
        let id = h.create(#"{"title":"t"}"#)
        #expect(h.put(QuantHarness.tasks() + "/" + id, #"{"status":"completed"}"#).status == 200)
        let completedAt = h.clock.nowMillis()
        h.tick(5_000)
        #expect(h.get(QuantHarness.tasks()).json["count"]?.intValue == 0)
        #expect(h.get(QuantHarness.tasks()).json["count"]?.intValue == 0)
        // Back to before the expiry: the task is live again, whatever the cache held.
        h.clock.set(millis: completedAt + 999)
        #expect(h.get(QuantHarness.tasks()).json["count"]?.intValue == 1)
        #expect(h.get(QuantHarness.tasks() + "/" + id).status == 200)
    }
}
