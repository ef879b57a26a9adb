import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Store

/// `StoreTool bench --tasks N`: store-level figures without HTTP. Loads N tasks into one
/// tenant of a fresh file database (bulk, in large transactions), then measures for
/// `--seconds` each: point reads, list-50 reads (summaries, newest first, status filter),
/// and durable inserts through `writeAndWait` with one writer and with `--writers` threads
/// at once (where group commit shows as bodies per transaction).
enum Bench {
    static let tenant = "bench-org"
    static let statuses = ["pending", "in_progress", "completed", "failed", "cancelled", "blocked"]

    static func run(_ args: Arguments, tasks: Int) -> Int32 {
        let n = max(tasks, 1)
        let seconds = args.double("seconds", default: 2)
        let writers = max(args.int("writers", default: 16), 1)
        let path = args.string("db") ?? "\(Files.temporaryDirectory)/polytask-storebench-\(n).db"
        Files.removeDatabase(path)
        var options = StoreOptions()
        options.path = path
        options.readers = args.int("readers", default: 4)
        // Page caches and mmap as the binary's --db-writer-cache/--db-reader-cache/--db-mmap.
        options.writerCacheKiB = args.int("writer-cache-kib", default: options.writerCacheKiB)
        options.readerCacheKiB = args.int("reader-cache-kib", default: options.readerCacheKiB)
        options.mmapBytes = args.int("mmap-bytes", default: options.mmapBytes)
        options.sweepIntervalMillis = 0
        let store: TaskStore
        do {
            store = try TaskStore(options: options, clock: SystemClock())
        } catch {
            print("bench: cannot open \(path): \(error)")
            return 1
        }
        defer {
            store.close()
            if !args.flag("keep") {
                Files.removeDatabase(path)
            }
        }
        print("store bench: tasks=\(n) db=\(path) seconds=\(seconds) sqlite=\(String(cString: sqlite3Version()))")

        // Load.
        var ids: [String] = []
        ids.reserveCapacity(n)
        var rng = SplitMix64(seed: 42)
        for _ in 0..<n { ids.append(rng.uuid()) }
        let base: Int64 = 1_700_000_000_000
        let loadStart = Monotonic.now()
        let chunk = 50_000
        var start = 0
        while start < n {
            let end = min(start + chunk, n)
            let slice = Array(ids[start..<end])
            let previous = start > 0 ? ids[start - 1] : ""
            let offset = start
            do {
                try store.writeAndWait { tx in
                    for (j, id) in slice.enumerated() {
                        let i = offset + j
                        try tx.insert(record(id: id, index: i, base: base,
                                             dependsOn: i % 10 == 9 ? [j > 0 ? slice[j - 1] : previous] : []),
                                      validateDependencies: false)
                    }
                }
            } catch {
                print("bench: load failed: \(error)")
                return 1
            }
            start = end
        }
        let loadSecs = Monotonic.since(loadStart)
        print("load: \(n) tasks in \(fixed(loadSecs, 2)) s (\(fixed(Double(n) / loadSecs, 0)) tasks/s, \(chunk) per transaction)")

        // --only point,list,write picks phases (default: all).
        let only = Set((args.string("only") ?? "point,list,write").split(separator: ",").map(String.init))

        // Reads.
        let pointKeys = ids
        if only.contains("point") {
        let point1 = measure(seconds: seconds, threads: 1) { rng in
            let id = pointKeys[Int(rng.next() % UInt64(pointKeys.count))]
            _ = try? store.task(TaskKey(dialect: "bench", tenant: tenant, id: id))
        }
        report("point reads/s (1 thread)", point1)
        let point2 = measure(seconds: seconds, threads: 2) { rng in
            let id = pointKeys[Int(rng.next() % UInt64(pointKeys.count))]
            _ = try? store.task(TaskKey(dialect: "bench", tenant: tenant, id: id))
        }
        report("point reads/s (2 threads)", point2)
        }
        if only.contains("list") {
        var pending = TaskQuery(dialect: "bench", tenant: tenant)
        pending.status = "pending"
        pending.limit = 50
        if let c = try? store.cost(of: pending) {
            print("list-50 cost (status=pending): \(c.rows) rows, \(c.vmSteps) VM steps, \(c.fullScanSteps) full-scan steps, \(c.sorts) sorts")
        }
        var q = TaskQuery(dialect: "bench", tenant: tenant)
        q.status = "pending"
        q.limit = 50
        let listQuery = q
        let got = (try? store.list(listQuery).count) ?? -1
        let list1 = measure(seconds: seconds, threads: 1) { _ in _ = try? store.list(listQuery) }
        report("list-50 reads/s (1 thread, status=pending, summaries; \(got) rows)", list1)
        var all = TaskQuery(dialect: "bench", tenant: tenant)
        all.limit = 50
        let allQuery = all
        let list1all = measure(seconds: seconds, threads: 1) { _ in _ = try? store.list(allQuery) }
        report("list-50 reads/s (1 thread, no filter, summaries)", list1all)
        let list2 = measure(seconds: seconds, threads: 2) { _ in _ = try? store.list(listQuery) }
        report("list-50 reads/s (2 threads, status=pending)", list2)
        }
        guard only.contains("write") else { return 0 }

        // Durable inserts, one writer.
        let before1 = store.writeStatistics
        let seq = measureWrites(store: store, seconds: seconds, threads: 1, prefix: "s", base: base + Int64(n) * 1000)
        let after1 = store.writeStatistics
        report("durable inserts/s (1 writer, writeAndWait)", seq,
               extra: groupText(before1, after1))
        let beforeW = store.writeStatistics
        let conc = measureWrites(store: store, seconds: seconds, threads: writers, prefix: "c", base: base + Int64(n) * 2000)
        let afterW = store.writeStatistics
        report("durable inserts/s (\(writers) writers at once)", conc, extra: groupText(beforeW, afterW))
        return 0
    }

    static func groupText(_ a: WriteStatistics, _ b: WriteStatistics) -> String {
        let tx = b.transactions - a.transactions
        let bodies = b.bodies - a.bodies
        return "\(fixed(tx > 0 ? Double(bodies) / Double(tx) : 0, 1)) writes per commit"
    }

    static func record(id: String, index i: Int, base: Int64, dependsOn: [String]) -> TaskRecord {
        let created = base + Int64(i) * 1000
        let status = statuses[i % statuses.count]
        let summary = #"{"description":"Benchmark task number \#(i): summarise the quarterly report and flag anomalies","progress":0.5,"blockedReason":null,"blockedByTaskIds":null,"orgId":"\#(tenant)","taskListId":"list-\#(i % 100)"}"#
        let detail = #"{"createdByAgentId":"agent-creator","metadata":{"priority":"high","source":"bench","tags":["a","b","c"]},"progressMessage":"halfway","result":null,"error":null,"retryCount":0,"maxRetries":3,"blockedAt":null}"#
        return TaskRecord(dialect: "bench", tenant: tenant, id: id, externalID: "list-\(i % 100)", status: status,
                          title: "Task \(i)", assignee: "agent-\(i % 20)", dependsOn: dependsOn, summaryJSON: summary,
                          detailJSON: detail, createdAt: created, updatedAt: created)
    }

    /// Runs `op` in a loop on `threads` threads for `seconds`; returns total ops per second
    /// and the process CPU microseconds per op.
    static func measure(seconds: Double, threads: Int, _ op: @escaping @Sendable (inout SplitMix64) -> Void) -> Figure {
        let counts = UnsafeCounters(threads)
        let cpu0 = Monotonic.processCPU()
        let start = Monotonic.now()
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            var rng = SplitMix64(seed: UInt64(t + 1))
            var n = 0
            while true {
                for _ in 0..<256 { op(&rng) }
                n += 256
                if Monotonic.since(start) >= seconds { break }
            }
            counts.set(t, n)
        }
        let wall = Monotonic.since(start)
        let cpu = Monotonic.processCPU() - cpu0
        let total = Double(counts.total)
        return Figure(perSecond: total / wall, cpuMicrosPerOp: cpu * 1e6 / max(total, 1))
    }

    static func measureWrites(store: TaskStore, seconds: Double, threads: Int, prefix: String, base: Int64) -> Figure {
        let counts = UnsafeCounters(threads)
        let cpu0 = Monotonic.processCPU()
        let start = Monotonic.now()
        let group = DispatchGroup()
        for t in 0..<threads {
            group.enter()
            startThread {
                var n = 0
                var rng = SplitMix64(seed: UInt64(1000 + t))
                while Monotonic.since(start) < seconds {
                    let r = record(id: "\(prefix)\(t)-\(n)-\(rng.next() % 1_000_000)", index: n, base: base, dependsOn: [])
                    do {
                        try store.writeAndWait { tx in try tx.insert(r, validateDependencies: false) }
                    } catch {
                        print("bench: insert failed: \(error)")
                        break
                    }
                    n += 1
                }
                counts.set(t, n)
                group.leave()
            }
        }
        group.wait()
        let wall = Monotonic.since(start)
        let cpu = Monotonic.processCPU() - cpu0
        let total = Double(counts.total)
        return Figure(perSecond: total / wall, cpuMicrosPerOp: cpu * 1e6 / max(total, 1))
    }

    struct Figure {
        var perSecond: Double
        var cpuMicrosPerOp: Double
    }

    static func report(_ label: String, _ f: Figure, extra: String? = nil) {
        let cpu = "\(fixed(f.cpuMicrosPerOp, 1)) us CPU/op"
        print("\(label): \(fixed(f.perSecond, 0)) (\(extra.map { "\($0), \(cpu)" } ?? cpu))")
    }
}
