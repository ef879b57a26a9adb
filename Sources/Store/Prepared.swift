import CSQLite

/// A prepared statement as its connection caches it: the handle, and the index of each named
/// parameter, resolved once with `sqlite3_bind_parameter_index` when the statement is
/// prepared (fixed `Param`s) or first bound with a row (`ColumnSet` columns). Owned by its
/// `Connection` and used under the same confinement.
final class Prepared {
    let handle: OpaquePointer
    /// Index of each `Param` (by raw value) in this statement; 0 if it does not use it.
    let params: [Int32]
    /// The row parameter indexes and the column set they were resolved for.
    private var rowParams: [Int32] = []
    private var rowParamsOwner: ObjectIdentifier?

    init(handle: OpaquePointer) {
        self.handle = handle
        var p = [Int32](repeating: 0, count: Param.allCases.count)
        for param in Param.allCases {
            p[param.rawValue] = sqlite3_bind_parameter_index(handle, ":" + param.name)
        }
        params = p
    }

    /// Indexes of `set.written` in this statement (0 for a column it does not name).
    @inline(__always)
    func rowParameters<Row: StoredRow>(for set: ColumnSet<Row>) -> [Int32] {
        let id = ObjectIdentifier(set)
        if rowParamsOwner == id { return rowParams }
        rowParams = set.written.map { sqlite3_bind_parameter_index(handle, ":" + $0.name) }
        rowParamsOwner = id
        return rowParams
    }

    func finalize() { sqlite3_finalize(handle) }
}
