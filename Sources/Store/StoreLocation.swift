#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the database lives, resolved once from `StoreOptions.path`.
///
/// `":memory:"` becomes a uniquely named shared-cache in-memory database
/// (`file:polytask-<pid>-<random>?mode=memory&cache=shared`): every connection of this store
/// opens the same name, so the reader pool sees what the writer wrote, and two stores in one
/// process (tests) never share data. The database lives as long as the writer connection.
struct StoreLocation: Sendable {
    let uri: String
    let isMemory: Bool
    /// The SQLite VFS to open with (nil: the default `unix`). See `StoreOptions.exclusiveLock`.
    let vfs: String?

    init(path: String, exclusiveLock: Bool = false) {
        vfs = (exclusiveLock && path != ":memory:") ? "unix-excl" : nil
        if path == ":memory:" {
            let unique = "\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
            uri = "file:polytask-\(unique)?mode=memory&cache=shared"
            isMemory = true
        } else {
            uri = path
            isMemory = false
        }
    }
}
