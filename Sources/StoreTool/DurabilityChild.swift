import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Store

/// `StoreTool durability-child --db PATH [--writers N] [--count N]`: the child process of the
/// durability test. Several queues write tasks one at a time through the async `write` path
/// (so commits are grouped); each completion prints `committed <id>` and flushes stdout only
/// after its COMMIT. The parent reads these lines, SIGKILLs this process mid-stream, reopens
/// the database and checks that every id it was told about is there.
enum DurabilityChild {
    static func run(_ args: Arguments) -> Int32 {
        guard let path = args.string("db") else {
            emit("durability-child: --db PATH is required", fd: 2)
            return 2
        }
        var options = StoreOptions()
        options.path = path
        options.sweepIntervalMillis = 0
        let store: TaskStore
        do {
            store = try TaskStore(options: options, clock: SystemClock())
        } catch {
            emit("durability-child: cannot open \(path): \(error)", fd: 2)
            return 1
        }
        let writers = max(args.int("writers", default: 4), 1)
        let count = args.int("count", default: Int.max)
        emit("ready")
        let group = DispatchGroup()
        for w in 0..<writers {
            group.enter()
            DispatchQueue(label: "durability.writer.\(w)").async {
                var n = 0
                while n < count {
                    let id = "w\(w)-\(n)"
                    let now = store.clock.nowMillis()
                    let record = TaskRecord(dialect: "durability", tenant: "t", id: id, status: "pending",
                                            title: "task \(id)", summaryJSON: #"{"n":\#(n)}"#, createdAt: now, updatedAt: now)
                    let done = DispatchSemaphore(value: 0)
                    store.write({ tx in try tx.insert(record, validateDependencies: false) }, completion: { result in
                        if case .success = result {
                            emit("committed \(id)")
                        } else if case .failure(let e) = result {
                            emit("durability-child: \(id) failed: \(e)", fd: 2)
                        }
                        done.signal()
                    })
                    done.wait()
                    n += 1
                }
                group.leave()
            }
        }
        group.wait()
        store.close()
        return 0
    }
}
