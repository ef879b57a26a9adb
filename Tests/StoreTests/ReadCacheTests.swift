import Testing
@testable import Store

@Suite struct ReadCacheTests {
    private let body: [UInt8] = Array(#"{"taskId":"a"}"#.utf8)

    @Test func anEntryIsServedUntilTheNextTransaction() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        let cache = store.readCache
        #expect(cache.isEnabled)
        let ticket = cache.ticket(now: Fixture.t0)
        cache.insert("k", bytes: body, ticket: ticket, validUntil: nil)
        #expect(cache.lookup("k", now: Fixture.t0) == body)
        #expect(cache.lookup("k", now: Fixture.t0 + 86_400_000) == body)
        // A transaction that changes no row (the sweeper finding nothing) leaves it right ...
        #expect(try store.sweepExpired() == 0)
        #expect(cache.lookup("k", now: Fixture.t0) == body)
        // ... any row changed, in whatever table, ends the generation.
        try store.insertAll([Fixture.task("a")])
        #expect(cache.lookup("k", now: Fixture.t0) == nil)
        #expect(cache.hitCount == 3)
        #expect(cache.missCount == 1)
    }

    @Test func aReadOverlappingACommitIsNotKept() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        let cache = store.readCache
        let ticket = cache.ticket(now: Fixture.t0)   // taken before the read ...
        try store.insertAll([Fixture.task("a")])      // ... a commit lands meanwhile ...
        cache.insert("k", bytes: body, ticket: ticket, validUntil: nil)
        #expect(cache.lookup("k", now: Fixture.t0) == nil)   // ... so the answer may be stale
        #expect(cache.heldBytes == 0)
    }

    @Test func anEntryIsValidFromItsReadTimeUntilItsFirstExpiry() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        let cache = store.readCache
        cache.insert("k", bytes: body, ticket: cache.ticket(now: Fixture.t0), validUntil: Fixture.t0 + 100)
        #expect(cache.lookup("k", now: Fixture.t0 + 99) == body)
        #expect(cache.lookup("k", now: Fixture.t0 + 100) == nil)
        // A clock set back before the read: rows that had expired by then may be live again.
        #expect(cache.lookup("k", now: Fixture.t0 - 1) == nil)
    }

    @Test func theCacheHoldsNoMoreThanItsCapacity() {
        let cache = ReadCache(capacityBytes: 8 * 1024)
        let item = [UInt8](repeating: UInt8(ascii: "x"), count: 500)
        for i in 0..<100 {
            cache.insert("key\(i)", bytes: item, ticket: cache.ticket(now: 0), validUntil: nil)
            #expect(cache.heldBytes <= 8 * 1024)
        }
        #expect(cache.lookup("key99", now: 0) == item)   // the newest is always kept
        // An entry over an eighth of the capacity is not kept at all.
        cache.insert("big", bytes: [UInt8](repeating: 0, count: 1024), ticket: cache.ticket(now: 0), validUntil: nil)
        #expect(cache.lookup("big", now: 0) == nil)
    }

    @Test func whenFullTheOldestEntriesGoFirst() {
        let cache = ReadCache(capacityBytes: 16 * 1024)
        let item = [UInt8](repeating: UInt8(ascii: "x"), count: 1000)
        for i in 0..<1000 {
            cache.insert("key\(i)", bytes: item, ticket: cache.ticket(now: 0), validUntil: nil)
        }
        // About 14 entries fit: the newest ones, never an old one.
        #expect(cache.lookup("key999", now: 0) == item)
        #expect(cache.lookup("key990", now: 0) == item)
        #expect(cache.lookup("key0", now: 0) == nil)
        #expect(cache.lookup("key900", now: 0) == nil)
        #expect(cache.heldBytes <= 16 * 1024)
        // Re-inserting one key many times neither grows the cache nor loses the others' bound.
        for _ in 0..<10_000 { cache.insert("key999", bytes: item, ticket: cache.ticket(now: 0), validUntil: nil) }
        #expect(cache.heldBytes <= 16 * 1024)
        #expect(cache.lookup("key999", now: 0) == item)
    }

    @Test func capacityZeroTurnsItOff() {
        let cache = ReadCache(capacityBytes: 0)
        #expect(!cache.isEnabled)
        cache.insert("k", bytes: body, ticket: cache.ticket(now: 0), validUntil: nil)
        #expect(cache.lookup("k", now: 0) == nil)
        #expect(cache.heldBytes == 0)
    }

    /// Without the exclusive lock another process (the sqlite3 shell) may write the file, and
    /// nothing would tell the cache: it is off.
    @Test func theCacheIsOffWhenTheFileIsShared() throws {
        let path = Fixture.tempPath("readcache")
        defer { Fixture.remove(path) }
        let (shared, _) = try Fixture.store(path: path, exclusiveLock: false)
        #expect(!shared.readCache.isEnabled)
        shared.close()
        let (exclusive, _) = try Fixture.store(path: path, exclusiveLock: true)
        #expect(exclusive.readCache.isEnabled)
        exclusive.close()
    }
}
