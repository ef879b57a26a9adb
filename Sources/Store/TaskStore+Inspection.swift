/// Internal inspection for tests and tools: counts that the public API deliberately hides
/// (expired rows, edge rows), read on a pooled connection.
extension TaskStore {
    /// The first column of the first row of `sql`, as an integer (0 if no row).
    func scalar(_ sql: String) throws(StoreError) -> Int64 {
        try readers.with { conn throws(StoreError) in
            var st = try conn.prepared(text: sql)
            defer { st.reset() }
            return try st.step() ? st.int64(0) : 0
        }
    }

    /// A pragma's value as text, read on the write connection's queue (journal_mode etc.).
    func writerPragma(_ name: String) throws(StoreError) -> String? {
        try writeAndWait { tx in try tx.connection.pragmaText("PRAGMA \(name)") }
    }
}
