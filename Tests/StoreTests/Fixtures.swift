import Foundation
@testable import Store

/// Helpers shared by the store tests: a fresh in-memory store on a frozen clock, and tasks.
enum Fixture {
    static let t0: Int64 = 1_700_000_000_000

    static func store(readers: Int = 2, sweepMillis: Int = 0, sweepBatch: Int = 500, groupCommitMax: Int = 64,
                      path: String = ":memory:", clock: ControllableClock? = nil,
                      exclusiveLock: Bool = true, checkpointPages: Int? = nil) throws -> (TaskStore, ControllableClock) {
        var o = StoreOptions()
        if let checkpointPages { o.checkpointPages = checkpointPages }
        o.path = path
        o.exclusiveLock = exclusiveLock
        o.readers = readers
        o.sweepIntervalMillis = sweepMillis
        o.sweepBatch = sweepBatch
        o.groupCommitMax = groupCommitMax
        let c = clock ?? ControllableClock(frozenAt: t0)
        return (try TaskStore(options: o, clock: c), c)
    }

    static func task(_ id: String, dialect: String = "quant", tenant: String = "org1", status: String = "pending",
                     external: String? = nil, assignee: String? = nil, dependsOn: [String] = [],
                     created: Int64 = t0, expires: Int64? = nil, summary: String = "{}", detail: String = "{}") -> TaskRecord {
        TaskRecord(dialect: dialect, tenant: tenant, id: id, externalID: external, status: status, title: "title \(id)",
                   assignee: assignee, dependsOn: dependsOn, summaryJSON: summary, detailJSON: detail,
                   createdAt: created, updatedAt: created, expiresAt: expires)
    }

    static func key(_ id: String, dialect: String = "quant", tenant: String = "org1") -> TaskKey {
        TaskKey(dialect: dialect, tenant: tenant, id: id)
    }

    /// A unique temporary database path (removed with its WAL files by `remove`).
    static func tempPath(_ name: String = "store") -> String {
        let dir = FileManager.default.temporaryDirectory.path
        return "\(dir)/polytask-\(name)-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).db"
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

extension TaskStore {
    /// Inserts tasks in one write, validating dependencies.
    func insertAll(_ tasks: [TaskRecord], validate: Bool = true) throws {
        try writeAndWait { tx in
            for t in tasks { try tx.insert(t, validateDependencies: validate) }
        }
    }
}
