import Foundation
import Testing
@testable import Store

/// The WAL goes back into the database file on the checkpointer's queue, not on the writer's.
@Suite struct CheckpointTests {
    private static func walBytes(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? NSNumber)?.intValue ?? 0
    }

    @Test func theBackgroundCheckpointKeepsTheWALNearItsThreshold() throws {
        let path = Fixture.tempPath("checkpoint")
        defer { Fixture.remove(path) }
        let (store, _) = try Fixture.store(path: path, checkpointPages: 20)
        let checkpointer = try #require(store.checkpointer)
        // 300 commits of 10 tasks, each commit a few pages: many times the threshold in all.
        for batch in 0..<300 {
            try store.insertAll((0..<10).map { Fixture.task("t\(batch)-\($0)", status: "s\($0 % 3)", external: "L\(batch % 7)") })
        }
        // The last request may still be running: wait for it (bounded) before looking.
        for _ in 0..<200 where checkpointer.runCount == 0 { usleep(10_000) }
        #expect(checkpointer.runCount > 0)
        // Without a WAL that starts over, it holds every page of every commit: 300 commits of
        // several 4 KiB pages, 21 MB measured (also what background runs alone left, racing
        // the writer). With the writer's catch-up it is reused from its start: 0.7-1.1 MB
        // measured; 4 MB leaves room for a checkpointer slowed by a busy machine.
        #expect(Self.walBytes(path) < 4_000_000)
        #expect(try store.scalar("SELECT count(*) FROM tasks") == 3000)
        store.close()
        // A clean close still leaves no WAL behind.
        #expect(Self.walBytes(path) == 0)
        let (reopened, _) = try Fixture.store(path: path)
        defer { reopened.close() }
        #expect(try reopened.scalar("SELECT count(*) FROM tasks") == 3000)
        #expect(try reopened.writerPragma("integrity_check") == "ok")
    }

    @Test func zeroLeavesCheckpointsToSQLite() throws {
        let path = Fixture.tempPath("checkpoint-auto")
        defer { Fixture.remove(path) }
        let (store, _) = try Fixture.store(path: path, checkpointPages: 0)
        defer { store.close() }
        #expect(store.checkpointer == nil)
        let (memory, _) = try Fixture.store()
        defer { memory.close() }
        #expect(memory.checkpointer == nil)
    }
}
