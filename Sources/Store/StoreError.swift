/// Everything the store can report. Dialects map these to their vendor's error bodies
/// (usually `.notFound` -> 404, `.duplicate` -> 409, dependency errors -> 400).
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No live (unexpired) task has this key.
    case notFound(TaskKey)
    /// A live task already has this key.
    case duplicate(TaskKey)
    /// A dependency names no live task in the same dialect and tenant.
    case unknownDependency(String)
    /// Adding the edges would close a loop; the ids are the loop, first id repeated at the end.
    case cycle([String])
    /// A non-cascading delete of a task that others depend on; the ids are those dependents.
    case hasDependents([String])
    /// SQLite failed: extended result code and `sqlite3_errmsg` text.
    case sqlite(code: Int32, message: String)
    /// The linked SQLite library is older than the store needs.
    case versionTooOld(String)
    /// The store was closed.
    case closed
    /// A caller error, or a non-`StoreError` thrown from a write body (its description).
    case invalid(String)

    public var description: String {
        switch self {
        case .notFound(let k): return "task not found: \(k)"
        case .duplicate(let k): return "task already exists: \(k)"
        case .unknownDependency(let id): return "unknown dependency: \(id)"
        case .cycle(let ids): return "dependency cycle: \(ids.joined(separator: " -> "))"
        case .hasDependents(let ids): return "other tasks depend on it: \(ids.joined(separator: ", "))"
        case .sqlite(let code, let message): return "sqlite error \(code): \(message)"
        case .versionTooOld(let m): return m
        case .closed: return "the task store is closed"
        case .invalid(let m): return m
        }
    }

    /// Keeps a `StoreError` as it is; wraps anything else a write body threw.
    static func wrap(_ error: any Error) -> StoreError {
        if let e = error as? StoreError { return e }
        return .invalid(String(describing: error))
    }
}
