import Dispatch
import Synchronization

/// The single writer: one serial queue that owns the only write connection.
///
/// Writes are queued; the queue drains them in groups of up to `groupCommitMax` bodies per
/// BEGIN IMMEDIATE ... COMMIT, so concurrent writers share one WAL commit (group commit)
/// instead of paying for one each, and a lone writer pays no batching delay at all (the
/// group is whatever is queued when the previous commit finishes). A body that throws rolls
/// back only itself and gets its own error: a group first runs with no SAVEPOINT per body,
/// and if any body throws, the transaction is rolled back and the whole group runs again
/// with each body in its own SAVEPOINT. Why: inside a savepoint SQLite copies every page a
/// statement changes into a statement journal, which spills to a temporary file past 64 KiB;
/// with that and `RETURNING` (see `WriteTransaction.writeRow`) a group of 20 creates wrote
/// twice the bytes it needed (63 KB a create instead of 32 KB, measured with `/proc/PID/io`),
/// while nearly every group has no failing body. So a body may run twice, the first run
/// rolled back: bodies touch nothing but their transaction.
///
/// Completions run on the writer queue right after COMMIT, in submission order. They must be
/// quick (hand the result to another queue for anything slow).
final class Writer: Sendable {
    private struct State {
        var pending: [PendingWrite] = []
        var draining = false
        var closed = false
    }

    let queue: DispatchQueue
    /// Only touched on `queue`: `Connection.confine(to:)` makes debug builds check it.
    let connection: Connection
    private let state = Mutex(State())
    private let groupCommitMax: Int
    private let clock: any Clock
    private static let queueKey = DispatchSpecificKey<ObjectIdentifier>()
    /// True while a group transaction is open; only read and written on `queue`.
    private let inTransaction = Atomic<Bool>(false)
    private let transactions = Atomic<Int>(0)
    private let bodies = Atomic<Int>(0)
    /// Told every outage and every commit that changed rows (one report per change).
    let health: WriteHealth
    /// Told after every transaction, before its writers are answered.
    private let readCache: ReadCache?

    var statistics: WriteStatistics {
        WriteStatistics(transactions: transactions.load(ordering: .relaxed), bodies: bodies.load(ordering: .relaxed))
    }

    init(connection: Connection, groupCommitMax: Int, clock: any Clock, health: WriteHealth = WriteHealth(),
         readCache: ReadCache? = nil) {
        self.connection = connection
        self.health = health
        self.readCache = readCache
        self.groupCommitMax = max(groupCommitMax, 1)
        self.clock = clock
        self.queue = DispatchQueue(label: "polytask.store.writer", qos: .userInitiated)
        queue.setSpecific(key: Writer.queueKey, value: ObjectIdentifier(self))
        // From here on only `queue` may touch the connection (checked in debug builds).
        connection.confine(to: queue)
    }

    var isOnQueue: Bool { DispatchQueue.getSpecific(key: Writer.queueKey) == ObjectIdentifier(self) }

    /// Queues a write; it runs in the next group. Fails at once if the store is closed.
    func submit(_ item: PendingWrite) {
        let startDrain: Bool? = state.withLock { s in
            if s.closed { return nil }
            s.pending.append(item)
            if s.draining { return false }
            s.draining = true
            return true
        }
        guard let startDrain else { item.fail(.closed); return }
        if startDrain { queue.async { self.drain() } }
    }

    /// Runs one write to completion from the writer queue itself (a completion that writes
    /// and waits): queuing it would wait on the queue we are on.
    func runInline(_ item: PendingWrite) {
        if inTransaction.load(ordering: .relaxed) {
            item.fail(.invalid("writeAndWait inside a write body would deadlock; use the transaction you have"))
            return
        }
        if state.withLock({ $0.closed }) { item.fail(.closed); return }
        runGroup([item])
    }

    private func drain() {
        while true {
            let group: [PendingWrite] = state.withLock { s in
                if s.pending.isEmpty { s.draining = false; return [] }
                let n = min(s.pending.count, groupCommitMax)
                let g = Array(s.pending.prefix(n))
                s.pending.removeFirst(n)
                return g
            }
            if group.isEmpty { return }
            runGroup(group)
        }
    }

    /// One group: BEGIN IMMEDIATE, the bodies, COMMIT, then the completions. Without
    /// savepoints first; with them if a body threw.
    private func runGroup(_ group: [PendingWrite]) {
        if !runWithoutSavepoints(group) { runWithSavepoints(group) }
    }

    /// Runs the group in one transaction, no SAVEPOINT per body. Returns false, with the
    /// transaction rolled back and nothing reported or counted, if BEGIN failed or a body
    /// threw: then `runWithSavepoints` runs it all again and says what happened.
    private func runWithoutSavepoints(_ group: [PendingWrite]) -> Bool {
        if exec(.beginImmediate) != nil { return false }
        // Counted as they start, as `runWithSavepoints` counts them, and taken back if this
        // run is abandoned: each transaction and body counts once, in the run that stands.
        var (tx, changesBefore) = began()
        var deliveries: [@Sendable (StoreError?) -> Void] = []
        deliveries.reserveCapacity(group.count)
        for item in group {
            bodies.add(1, ordering: .relaxed)
            let (failure, deliver) = item.execute(&tx)
            if failure != nil {
                if !connection.isAutocommit { _ = exec(.rollback) }
                inTransaction.store(false, ordering: .relaxed)
                transactions.subtract(1, ordering: .relaxed)
                bodies.subtract(deliveries.count + 1, ordering: .relaxed)
                return false
            }
            deliveries.append(deliver)
        }
        let commitError = finish(aborted: nil, changesBefore: changesBefore, sawOutage: false)
        for d in deliveries { d(commitError) }
        return true
    }

    /// Each body in its own savepoint: one that throws is rolled back alone.
    private func runWithSavepoints(_ group: [PendingWrite]) {
        var deliveries: [(deliver: @Sendable (StoreError?) -> Void, inCommit: Bool)] = []
        deliveries.reserveCapacity(group.count)
        var index = 0
        while index < group.count {
            // A transaction (normally one per group; another only if SQLite aborted one).
            if let err = exec(.beginImmediate) {
                health.failed(err)
                for item in group[index...] { item.fail(err) }
                break
            }
            // Rows changed in this transaction, and whether a body hit an outage: rows a body
            // changed before it failed still count in `totalChanges` after its rollback, so a
            // transaction with an outage proves nothing about writing, whatever commits.
            var (tx, changesBefore) = began()
            var sawOutage = false
            var aborted: StoreError?
            while index < group.count {
                let item = group[index]
                index += 1
                if let err = exec(.savepoint) {
                    aborted = err
                    deliveries.append(({ _ in item.fail(err) }, false))
                    break
                }
                bodies.add(1, ordering: .relaxed)
                let (failure, deliver) = item.execute(&tx)
                if failure == nil {
                    deliveries.append((deliver, true))
                    if let err = exec(.release) { aborted = err; break }
                } else {
                    // The body's own error is what its caller gets, whatever the group does.
                    if let failure {
                        health.failed(failure)
                        sawOutage = sawOutage || failure.isWriteOutage
                    }
                    deliveries.append((deliver, false))
                    _ = exec(.rollbackTo)
                    _ = exec(.release)
                    // I/O errors, SQLITE_FULL and the like can make SQLite roll the whole
                    // transaction back by itself: then the earlier bodies are lost too.
                    // The others then get that body's error (`.full`, `.ioError`, ...): it is
                    // why their commit did not happen.
                    if connection.isAutocommit {
                        aborted = failure
                        break
                    }
                }
            }
            let commitError = finish(aborted: aborted, changesBefore: changesBefore, sawOutage: sawOutage)
            for d in deliveries { d.deliver(d.inCommit ? commitError : nil) }
            deliveries.removeAll(keepingCapacity: true)
        }
    }

    /// After a successful BEGIN IMMEDIATE: marks the transaction open, counts it, and gives
    /// the bodies' transaction and the connection's change count to compare with at the end.
    private func began() -> (tx: WriteTransaction, changesBefore: Int64) {
        inTransaction.store(true, ordering: .relaxed)
        transactions.add(1, ordering: .relaxed)
        return (WriteTransaction(now: clock.nowMillis(), connection: connection), connection.totalChanges)
    }

    /// Ends a group transaction: COMMIT unless it was `aborted` (then, as after a failed
    /// COMMIT, whatever SQLite left open is rolled back), tells `health`, and empties the read
    /// cache if rows changed, all before any writer hears of it. Returns the error the bodies
    /// that succeeded get (nil once committed).
    private func finish(aborted: StoreError?, changesBefore: Int64, sawOutage: Bool) -> StoreError? {
        let commitError = aborted ?? exec(.commit)
        if commitError != nil, !connection.isAutocommit { _ = exec(.rollback) }
        let changed = connection.totalChanges != changesBefore
        if let commitError {
            health.failed(commitError)
        } else if !sawOutage, changed {
            health.wrote()
        }
        inTransaction.store(false, ordering: .relaxed)
        // Whatever the outcome (a failed commit may still have changed rows before SQLite
        // rolled back): a read that starts after an answer must not be served an older
        // rendering. A transaction that changed no row (the sweeper or the webhook poll
        // finding nothing to do, every second) leaves every rendering right.
        if changed { readCache?.invalidate() }
        return commitError
    }

    private func exec(_ sql: SQL) -> StoreError? {
        do {
            var st = try connection.statement(sql)
            defer { st.reset() }
            try st.run()
            return nil
        } catch {
            return error
        }
    }

    /// Refuses new writes, runs what is queued, then runs `last` on the queue (checkpoint and
    /// close). Safe to call from the writer queue itself (a completion, or even a body: then
    /// the close happens right after the current group).
    func close(_ last: @escaping @Sendable (Connection) -> Void) {
        state.withLock { $0.closed = true }
        let finish: @Sendable () -> Void = {
            self.drainAfterClose()
            last(self.connection)
        }
        if !isOnQueue {
            queue.sync(execute: finish)
        } else if inTransaction.load(ordering: .relaxed) {
            // Called from inside a write body: finish after this group has committed.
            queue.async(execute: finish)
        } else {
            finish()
        }
    }

    private func drainAfterClose() {
        let rest: [PendingWrite] = state.withLock { s in
            let r = s.pending
            s.pending = []
            return r
        }
        var i = 0
        while i < rest.count {
            let g = Array(rest[i..<min(i + groupCommitMax, rest.count)])
            runGroup(g)
            i += groupCommitMax
        }
    }
}
