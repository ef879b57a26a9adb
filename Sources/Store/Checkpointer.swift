import CSQLite
import Dispatch
import Synchronization

/// Copies the WAL back into the database file on a queue of its own, so that no commit waits
/// for it.
///
/// Why: with SQLite's automatic checkpoint, the commit that takes the WAL past 1,000 pages
/// runs the checkpoint itself, on the writer: it writes every page back and fsyncs the file
/// (with `synchronous = NORMAL` that is the only fsync there is). Every write queued behind
/// that commit waits meanwhile: the c=1 write p99 was about 28 ms against a p50 of 0.3 ms,
/// and under load a sixth of the server's CPU went to writeback on the writer's queue.
///
/// How: the writer's connection gets a WAL hook instead of the automatic checkpoint. After
/// each commit SQLite tells it how many pages the WAL holds; past `thresholdPages` it asks
/// this checkpointer, which runs `PRAGMA wal_checkpoint(PASSIVE)` on its own connection.
/// PASSIVE never blocks the writer or a reader and never waits for them; frames a reader
/// still needs stay and go at the next one. Requests made while a checkpoint runs fold into
/// one more run. SQLite starts the WAL over from its beginning only at a write transaction
/// that finds all of it copied, which never happens while a steady writer races the
/// background runs: so at `writerFactor` times the threshold the writer copies what is left
/// itself (little, the background did the bulk). The WAL file stays under about
/// `writerFactor * thresholdPages` pages.
///
/// Owner: the connection belongs to `queue` (checked in debug builds, `Connection.confine`).
final class Checkpointer: Sendable {
    let thresholdPages: Int
    /// WAL pages, in thresholds, at which the writer checkpoints itself.
    static let writerFactor = 4
    private let queue = DispatchQueue(label: "polytask.store.checkpointer", qos: .utility)
    private let connection: Connection
    /// A run is queued and has not started yet (requests meanwhile add nothing).
    private let queued = Atomic<Bool>(false)
    private let closed = Atomic<Bool>(false)
    /// The writer is copying the WAL's rest itself (see `watch`): background runs wait.
    private let writerCatchingUp = Atomic<Bool>(false)
    private let runs = Atomic<Int>(0)

    init(location: StoreLocation, thresholdPages: Int, busyTimeoutMillis: Int) throws(StoreError) {
        self.thresholdPages = max(thresholdPages, 1)
        // A write connection: a read-only one may not checkpoint. It never writes a row.
        connection = try Connection.open(location, readOnly: false, busyTimeoutMillis: busyTimeoutMillis,
                                         cacheKiB: 64, mmapBytes: 0)
        connection.confine(to: queue)
    }

    /// Checkpoints run so far (tests, metrics).
    var runCount: Int { runs.load(ordering: .relaxed) }

    /// Installs the hook on the writer's connection (from the thread that owns it, before the
    /// writer takes it). It replaces SQLite's automatic checkpoint on that connection.
    func watch(_ writer: Connection) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_wal_hook(writer.db, { context, db, name, pages in
            guard let context else { return SQLITE_OK }
            let me = Unmanaged<Checkpointer>.fromOpaque(context).takeUnretainedValue()
            if Int(pages) >= me.thresholdPages * Checkpointer.writerFactor {
                // The WAL only starts over at a write that finds it wholly copied, which a
                // busy writer never does if checkpoints run beside it. Here the writer copies
                // the rest itself (little: the background runs did the bulk), so its next
                // transaction starts the WAL over. No new background run starts meanwhile;
                // if one still holds the checkpoint lock this is busy, and the next commit
                // tries again.
                me.writerCatchingUp.store(true, ordering: .relaxed)
                _ = sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            } else {
                me.writerCatchingUp.store(false, ordering: .relaxed)
                if Int(pages) >= me.thresholdPages { me.request() }
            }
            return SQLITE_OK
        }, context)
    }

    /// Takes the hook off again (the store does before it closes; the hook holds no reference).
    func unwatch(_ writer: Connection) {
        sqlite3_wal_hook(writer.db, nil, nil)
    }

    /// Asks for a checkpoint soon. Cheap: one atomic exchange when one is already queued.
    func request() {
        guard !closed.load(ordering: .relaxed),
              queued.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        queue.async {
            self.queued.store(false, ordering: .releasing)
            guard !self.closed.load(ordering: .relaxed), !self.writerCatchingUp.load(ordering: .relaxed) else { return }
            // A failure (a full disk, a busy lock) leaves the frames in the WAL, where reads
            // find them: the next commit past the threshold asks again.
            try? self.connection.exec("PRAGMA wal_checkpoint(PASSIVE)")
            self.runs.add(1, ordering: .relaxed)
        }
    }

    /// Waits for a running checkpoint, then closes the connection. Idempotent.
    func close() {
        closed.store(true, ordering: .relaxed)
        queue.sync { connection.close() }
    }
}
