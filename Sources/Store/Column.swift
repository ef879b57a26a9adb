/// How the store treats one column of a table.
struct ColumnSpec: Sendable, Equatable {
    /// Part of the row's unique key: inserted, in `keyPredicate` and ON CONFLICT targets,
    /// never updated.
    var isKey = false
    /// Bound from the record by INSERT.
    var isWritten = true
    /// Bound from the record by UPDATE and upsert SET lists.
    var isUpdated = true
    /// Selected by reads (its result index is its position among selected columns).
    var isSelected = true
    /// What summary reads select instead (`'{}'` for a column lists do not show), or nil.
    var summary: String? = nil

    /// A key column reads return (`id`).
    static var key: ColumnSpec { ColumnSpec(isKey: true, isUpdated: false) }
    /// A key column the caller already knows, so reads do not select it (`dialect`, `tenant`).
    static var scope: ColumnSpec { ColumnSpec(isKey: true, isUpdated: false, isSelected: false) }
    /// An ordinary column: inserted, updated, selected.
    static var value: ColumnSpec { ColumnSpec() }
    /// An ordinary column that summary reads replace with `expression`.
    static func value(summary expression: String) -> ColumnSpec { ColumnSpec(summary: expression) }
    /// Written by INSERT, kept by updates and upserts (a row's place in the order).
    static var insertOnly: ColumnSpec { ColumnSpec(isUpdated: false) }
    /// Assigned by SQLite (an INTEGER PRIMARY KEY): selected, never written.
    static var generated: ColumnSpec { ColumnSpec(isWritten: false, isUpdated: false) }
}

/// Something that walks a record's columns: collects their names (`ColumnSet`), binds a
/// record's values (`RowBinder`) or reads a result row into one (`RowDecoder`). The methods
/// are called in the table's column order, once per column, by `StoredRow.columns`.
protocol ColumnVisitor {
    /// Whether the visitor stores values into the row (a decoder). A column whose stored
    /// form differs from its field (JSON text for a list, text for an enum) converts back
    /// only then.
    static var readsRow: Bool { get }
    mutating func visit(_ name: StaticString, _ spec: ColumnSpec, _ value: inout String)
    mutating func visit(_ name: StaticString, _ spec: ColumnSpec, _ value: inout String?)
    mutating func visit(_ name: StaticString, _ spec: ColumnSpec, _ value: inout Int64)
    mutating func visit(_ name: StaticString, _ spec: ColumnSpec, _ value: inout Int64?)
    mutating func visit(_ name: StaticString, _ spec: ColumnSpec, _ value: inout [UInt8]?)
}

/// A record the store keeps in one table. `columns` is the one definition of that table's
/// columns as the store sees them: every statement's column and parameter lists, the binding
/// of a record and its decoding derive from it, so nothing keeps `?16` and column 7 in step
/// by hand. A column's parameter is its name (`:external_id`).
///
/// Adding a column to a table: add it to schema.sql (a new `-- @version` section), add the
/// field to the record, and add one `visit` line to its `columns` (docs/store.md, "Adding a
/// column").
protocol StoredRow {
    /// A placeholder value, for walking the columns without a real row and as the start of a
    /// decode (every selected field is then overwritten).
    static var blank: Self { get }
    static func columns<V: ColumnVisitor>(_ v: inout V, _ row: inout Self)
}

/// A table's column metadata, collected once from `Row.columns`, and the SQL text derived
/// from it. Built once per table as a `static let`; a class so that a prepared statement can
/// remember which set its row parameters were resolved for.
final class ColumnSet<Row: StoredRow>: Sendable {
    typealias Meta = ColumnMeta

    let table: String
    let columns: [Meta]
    /// Selected columns, in SELECT order: a column's result index is its index here.
    let selected: [Meta]
    /// Written columns, in the order `RowBinder` meets them.
    let written: [Meta]

    init(table: String) {
        var collector = NameCollector()
        var row = Row.blank
        Row.columns(&collector, &row)
        self.table = table
        columns = collector.columns
        selected = columns.filter(\.spec.isSelected)
        written = columns.filter(\.spec.isWritten)
    }

    // MARK: SQL text

    /// `a, b, c` (or `t.a, t.b, t.c` with an alias); `summary` selects each column's summary
    /// expression where it has one.
    func selectList(alias: String? = nil, summary: Bool = false) -> String {
        selected.map { c in
            if summary, let s = c.spec.summary { return s }
            return alias.map { "\($0).\(c.name)" } ?? c.name
        }.joined(separator: ", ")
    }

    /// `INSERT INTO t (a, b) VALUES (:a, :b)`.
    var insert: String {
        "INSERT INTO \(table) (\(written.map(\.name).joined(separator: ", "))) VALUES (\(written.map { ":" + $0.name }.joined(separator: ", ")))"
    }

    /// `a = :a, b = :b` over the updated columns (an UPDATE's SET list).
    var updateSet: String {
        written.filter(\.spec.isUpdated).map { "\($0.name) = :\($0.name)" }.joined(separator: ", ")
    }

    /// `a = excluded.a, b = excluded.b` over the updated columns (an upsert's SET list).
    var upsertSet: String {
        written.filter(\.spec.isUpdated).map { "\($0.name) = excluded.\($0.name)" }.joined(separator: ", ")
    }

    /// `INSERT ... ON CONFLICT (key) DO UPDATE SET ...`: insert, or update every updated column.
    var upsert: String {
        insert + " ON CONFLICT (\(keyList)) DO UPDATE SET \(upsertSet)"
    }

    /// The key columns, `a, b, c` (an ON CONFLICT target).
    var keyList: String {
        columns.filter(\.spec.isKey).map(\.name).joined(separator: ", ")
    }

    /// `a = :a AND b = :b` over the key columns.
    var keyPredicate: String {
        columns.filter(\.spec.isKey).map { "\($0.name) = :\($0.name)" }.joined(separator: " AND ")
    }

    /// The result index of a selected column. Traps on a name the set does not select: call
    /// it once, into a `static let`, never per row.
    func index(of name: String) -> Int32 {
        guard let i = selected.firstIndex(where: { $0.name == name }) else {
            preconditionFailure("\(table) selects no column \(name)")
        }
        return Int32(i)
    }

    // MARK: binding and decoding

    /// Binds every written column of `row` that `st` names. The parameter indexes are
    /// resolved once per prepared statement (`Prepared.rowParameters`).
    @inline(__always)
    func bind(_ row: Row, to st: Statement) {
        var binder = RowBinder(st: st, indexes: st.prepared.rowParameters(for: self))
        var r = row
        Row.columns(&binder, &r)
    }

    /// Reads the selected columns of the current row of `st` into `row`. After
    /// specialization this is straight-line code: one `sqlite3_column_*` call per column.
    @inline(__always)
    func decode(_ st: Statement, into row: inout Row) {
        var decoder = RowDecoder(st: st)
        Row.columns(&decoder, &row)
    }
}

/// A column's name and spec, as `ColumnSet` keeps them.
struct ColumnMeta: Sendable {
    let name: String
    let spec: ColumnSpec
}

/// Collects the columns' names and specs (once per table).
private struct NameCollector: ColumnVisitor {
    static var readsRow: Bool { false }
    var columns: [ColumnMeta] = []
    private mutating func add(_ name: StaticString, _ spec: ColumnSpec) {
        columns.append(.init(name: name.description, spec: spec))
    }
    mutating func visit(_ name: StaticString, _ spec: ColumnSpec, _ value: inout String) { add(name, spec) }
    mutating func visit(_ name: StaticString, _ spec: ColumnSpec, _ value: inout String?) { add(name, spec) }
    mutating func visit(_ name: StaticString, _ spec: ColumnSpec, _ value: inout Int64) { add(name, spec) }
    mutating func visit(_ name: StaticString, _ spec: ColumnSpec, _ value: inout Int64?) { add(name, spec) }
    mutating func visit(_ name: StaticString, _ spec: ColumnSpec, _ value: inout [UInt8]?) { add(name, spec) }
}

/// Binds a record's written columns by their resolved parameter indexes (0: the statement
/// does not name that column, e.g. an UPDATE that leaves it alone).
struct RowBinder: ColumnVisitor {
    static var readsRow: Bool { false }
    let st: Statement
    let indexes: [Int32]
    private var k = 0

    init(st: Statement, indexes: [Int32]) {
        self.st = st
        self.indexes = indexes
    }

    @inline(__always)
    private mutating func next(_ spec: ColumnSpec) -> Int32 {
        guard spec.isWritten else { return 0 }
        defer { k += 1 }
        return indexes[k]
    }

    @inline(__always)
    mutating func visit(_ name: StaticString, _ spec: ColumnSpec, _ value: inout String) {
        let i = next(spec); if i > 0 { st.bind(i, value) }
    }
    @inline(__always)
    mutating func visit(_ name: StaticString, _ spec: ColumnSpec, _ value: inout String?) {
        let i = next(spec); if i > 0 { st.bind(i, value) }
    }
    @inline(__always)
    mutating func visit(_ name: StaticString, _ spec: ColumnSpec, _ value: inout Int64) {
        let i = next(spec); if i > 0 { st.bind(i, value) }
    }
    @inline(__always)
    mutating func visit(_ name: StaticString, _ spec: ColumnSpec, _ value: inout Int64?) {
        let i = next(spec); if i > 0 { st.bind(i, value) }
    }
    @inline(__always)
    mutating func visit(_ name: StaticString, _ spec: ColumnSpec, _ value: inout [UInt8]?) {
        let i = next(spec); if i > 0 { st.bind(i, value) }
    }
}

/// Reads the selected columns of the current result row, in order.
struct RowDecoder: ColumnVisitor {
    static var readsRow: Bool { true }
    let st: Statement
    private var i: Int32 = 0

    init(st: Statement) { self.st = st }

    @inline(__always)
    mutating func visit(_ name: StaticString, _ spec: ColumnSpec, _ value: inout String) {
        guard spec.isSelected else { return }
        value = st.text(i); i += 1
    }
    @inline(__always)
    mutating func visit(_ name: StaticString, _ spec: ColumnSpec, _ value: inout String?) {
        guard spec.isSelected else { return }
        value = st.optionalText(i); i += 1
    }
    @inline(__always)
    mutating func visit(_ name: StaticString, _ spec: ColumnSpec, _ value: inout Int64) {
        guard spec.isSelected else { return }
        value = st.int64(i); i += 1
    }
    @inline(__always)
    mutating func visit(_ name: StaticString, _ spec: ColumnSpec, _ value: inout Int64?) {
        guard spec.isSelected else { return }
        value = st.optionalInt64(i); i += 1
    }
    @inline(__always)
    mutating func visit(_ name: StaticString, _ spec: ColumnSpec, _ value: inout [UInt8]?) {
        guard spec.isSelected else { return }
        value = st.optionalBlob(i); i += 1
    }
}
