import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import Testing
@testable import Store

/// Connections are confined (the writer queue; the thread that checked a reader out), and
/// debug builds check it. The traps themselves are exercised in exit tests.
@Suite struct ConfinementTests {
    @Test func aReaderBelongsToTheThreadThatCheckedItOut() throws {
        let (store, _) = try Fixture.store(readers: 1)
        defer { store.close() }
        let owned = try store.readers.with { conn throws(StoreError) in conn.isOwnedByCaller }
        #expect(owned)
        // Another thread, while this one holds the connection, does not own it.
        let elsewhere = try store.readers.with { conn throws(StoreError) -> Bool in
            let seen = Mutex<Bool?>(nil)
            let done = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                seen.withLock { $0 = conn.isOwnedByCaller }
                done.signal()
            }
            done.wait()
            return seen.withLock { $0 } ?? true
        }
        #if DEBUG
        #expect(!elsewhere)
        #endif
    }

    @Test func checkedInReadersBelongToNobody() throws {
        let (store, _) = try Fixture.store(readers: 1)
        defer { store.close() }
        var kept: Connection?
        try store.readers.with { conn throws(StoreError) in kept = conn }
        let conn = try #require(kept)
        #if DEBUG
        #expect(!conn.isOwnedByCaller)
        #endif
    }

    #if DEBUG
    @Test func usingAReaderFromAnotherThreadTraps() async {
        await #expect(processExitsWith: .signal(SIGILL)) {
            let (store, _) = try Fixture.store(readers: 1)
            try store.readers.with { conn throws(StoreError) in
                let done = DispatchSemaphore(value: 0)
                DispatchQueue.global().async {
                    _ = try? conn.statement(.begin)  // not this thread's connection: traps
                    done.signal()
                }
                done.wait()
            }
        }
    }

    @Test func usingAReaderAfterCheckInTraps() async {
        await #expect(processExitsWith: .signal(SIGILL)) {
            let (store, _) = try Fixture.store(readers: 1)
            var kept: Connection?
            try store.readers.with { conn throws(StoreError) in kept = conn }
            _ = try kept?.statement(.begin)  // checked in: traps
        }
    }

    @Test func usingTheWriteConnectionOffTheWriterQueueTraps() async {
        await #expect(processExitsWith: .signal(SIGILL)) {
            let (store, _) = try Fixture.store()
            _ = try store.writer.connection.statement(.begin)  // not on the writer queue: traps
        }
    }
    #endif
}
