import CSQLite

/// SQLite settings that are process-wide rather than per connection: they can only be set
/// before SQLite initialises, so the executable applies them once, before it opens a store.
public enum ProcessConfiguration {
    /// Bytes of a write's savepoint journal kept in memory before SQLite spills it to a
    /// temporary file (`--db-savepoint-spill`). Every queued write runs in its own SAVEPOINT
    /// (`Writer`), and SQLite copies each page the write touches into that journal first; at
    /// SQLite's default (64 KiB) a group of creates wrote about half of its bytes to a temp
    /// file through `pwrite` (measured: 63 KB per create written, 32 KB with the journal in
    /// memory). Past this size (a tenant reset deleting a million rows) the journal still
    /// spills, so its memory stays bounded.
    ///
    /// Returns false when SQLite is already initialised (a store was opened first): the
    /// setting then keeps SQLite's default, and nothing else changes.
    @discardableResult
    public static func setSavepointSpill(bytes: Int) -> Bool {
        polytask_config_statement_journal_spill(Int32(clamping: max(bytes, 0))) == SQLITE_OK
    }
}
