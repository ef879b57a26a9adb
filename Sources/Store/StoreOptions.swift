/// How a `TaskStore` opens its database and paces its background work. Every field is a
/// command-line flag of the main executable (`--db`, `--db-readers`, ...; see
/// Sources/polytask/Options.swift), and the defaults here are the flags' defaults.
public struct StoreOptions: Sendable {
    /// Database file, or `":memory:"` for a private shared-cache in-memory database (tests):
    /// shared-cache so that the reader pool sees what the writer connection wrote.
    public var path: String = "./polytask.db"
    /// Read-only connections kept in the pool. Reads beyond this many at once open an extra
    /// connection for the duration of the read rather than wait (a read never queues).
    public var readers: Int = 4
    /// How long a connection waits on a file lock held by another process before failing.
    public var busyTimeoutMillis: Int = 5000
    /// Period of the background sweeper that deletes expired rows. 0 disables it (expired rows
    /// are still invisible to every read; they just stay on disk).
    public var sweepIntervalMillis: Int = 1000
    /// Rows the sweeper deletes per write transaction, so it never holds the writer for long.
    public var sweepBatch: Int = 500
    /// Queued write bodies folded into one transaction (one fsync) at most.
    public var groupCommitMax: Int = 64
    /// Page cache of the write connection, in KiB. Small by default (the same 1 MiB as
    /// `--db-writer-cache`): the OS page cache serves what SQLite's does not, and memory stays
    /// flat. A bulk load of random uuid keys touches every index, so a tool loading millions
    /// of rows may raise it.
    public var writerCacheKiB: Int = 1024
    /// Page cache of each read connection, in KiB (`--db-reader-cache`, 1 MiB by default).
    public var readerCacheKiB: Int = 1024
    /// Lock the database file to this process (SQLite's `unix-excl` VFS). The WAL index then
    /// lives in process memory instead of a shared `-shm` mapping, and starting a read no
    /// longer costs two `fcntl` lock calls: point reads measured about 1.4x faster. The price
    /// is that no other process (a second polytask, the sqlite3 shell) can open the file while
    /// this store has it open. false = ordinary shared locking.
    public var exclusiveLock: Bool = true
    /// Bytes of the database file each connection may memory-map (0 = none, the default, as
    /// `--db-mmap`): a page read becomes a memory access instead of a `pread` copy, but mapped
    /// pages count in each connection's RSS. Applies to file databases only.
    public var mmapBytes: Int = 0
    /// WAL pages after which a background checkpoint copies them into the database file
    /// (`Checkpointer`, `--db-checkpoint-pages`); the WAL file stays about this long (pages of
    /// 4 KiB). 0 = SQLite's own automatic checkpoint on the writer, at 1,000 pages.
    public var checkpointPages: Int = 4000
    /// Bytes of rendered read answers kept until the next commit (`ReadCache`, `--read-cache`;
    /// 0 = off). Off whatever this says when `exclusiveLock` is false: another process could
    /// then write without this store knowing.
    public var readCacheBytes: Int = 16 << 20

    public init() {}
}
