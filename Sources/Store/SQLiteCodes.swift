import CSQLite

/// Extended result codes defined as C macro expressions, which Swift does not import.
enum SQLiteCode {
    /// SQLITE_CONSTRAINT_UNIQUE = SQLITE_CONSTRAINT | (8 << 8).
    static let constraintUnique: Int32 = SQLITE_CONSTRAINT | (8 << 8)
}
