import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything the store can report. Dialects map these to their vendor's error bodies
/// (usually `.notFound` -> 404, `.duplicate` -> 409, dependency errors -> 400, the
/// unavailable cases -> 503).
///
/// SQLite failures arrive already named (`busy`, `constraint`, `full`, ...): the store maps
/// SQLite's extended result codes here (`init(sqliteCode:message:)`), so no dialect ever
/// decodes a raw result code. Each named case carries `sqlite3_errmsg`'s text for logs.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    // MARK: domain errors

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

    // MARK: SQLite failures, by kind

    /// The database is locked by another connection or process (SQLITE_BUSY, SQLITE_LOCKED)
    /// for longer than the busy timeout. Transient: the same request may succeed later.
    case busy(String)
    /// A constraint the schema declares failed (SQLITE_CONSTRAINT: STRICT type, NOT NULL,
    /// CHECK, UNIQUE, FOREIGN KEY) in a way the store did not turn into a domain error.
    case constraint(String)
    /// The disk or the database's size limit is full (SQLITE_FULL).
    case full(String)
    /// The database cannot be written (SQLITE_READONLY: file permissions, a read-only mount).
    case readOnly(String)
    /// The file is damaged or not a database (SQLITE_CORRUPT, SQLITE_NOTADB).
    case corrupt(String)
    /// The operating system failed a read, write, sync, lock or open (SQLITE_IOERR,
    /// SQLITE_CANTOPEN).
    case ioError(String)
    /// Any other SQLite failure (an SQL error, misuse, out of memory): extended result code
    /// and message. A bug in the store, not a condition a dialect can act on.
    case sqlite(code: Int32, message: String)

    // MARK: the store itself

    /// The linked SQLite library is older than the store needs.
    case versionTooOld(String)
    /// The store was closed.
    case closed
    /// A caller error, or a non-`StoreError` thrown from a write body (its description).
    case invalid(String)

    /// Names an SQLite failure by its (extended) result code.
    init(sqliteCode code: Int32, message: String) {
        switch code & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED: self = .busy(message)
        case SQLITE_CONSTRAINT: self = .constraint(message)
        case SQLITE_FULL: self = .full(message)
        case SQLITE_READONLY: self = .readOnly(message)
        case SQLITE_CORRUPT, SQLITE_NOTADB: self = .corrupt(message)
        case SQLITE_IOERR, SQLITE_CANTOPEN: self = .ioError(message)
        default: self = .sqlite(code: code, message: message)
        }
    }

    /// Names a failure by its result code and the operating system's `errno` behind it
    /// (`sqlite3_system_errno`). SQLite reports a refused `write` as SQLITE_IOERR whatever
    /// the reason; the errno says what it was, so the store names it: a write the file
    /// refuses (an immutable or read-only file: EPERM, EACCES, EROFS) is `.readOnly`, a full
    /// disk, quota or file-size limit (ENOSPC, EDQUOT, EFBIG) is `.full`, each with the errno's
    /// text as its message; any other I/O failure keeps SQLite's text with the errno's added.
    /// Either way a log line says what the OS said.
    init(sqliteCode code: Int32, systemErrno: Int32, message: String) {
        guard code & 0xFF == SQLITE_IOERR || code & 0xFF == SQLITE_CANTOPEN, systemErrno != 0 else {
            self.init(sqliteCode: code, message: message)
            return
        }
        let text = StoreError.errnoText(systemErrno)
        switch systemErrno {
        // SQLite's own text ("disk I/O error") would only mislead here: the OS's says it all.
        case EPERM, EACCES, EROFS: self = .readOnly(text)
        case ENOSPC, EDQUOT, EFBIG: self = .full(text)
        default: self.init(sqliteCode: code, message: "\(message) (\(text))")
        }
    }

    /// `strerror`'s text for `code`, or its number.
    static func errnoText(_ code: Int32) -> String {
        guard let p = strerror(code) else { return "errno \(code)" }
        return String(cString: p)
    }

    /// Retrying the same request later may succeed (the database was locked).
    public var isTransient: Bool {
        if case .busy = self { return true }
        return false
    }

    /// The store cannot serve requests right now, whatever the request: locked, closed, out
    /// of space, read-only, damaged or failing I/O. An HTTP dialect answers 503 for these
    /// rather than blaming the request.
    public var isUnavailable: Bool {
        switch self {
        case .busy, .closed, .full, .readOnly, .corrupt, .ioError: return true
        default: return false
        }
    }

    /// `sqlite3_errstr`'s texts for the kinds `cause` names: they say no more than the kind.
    static let sqliteTexts: Set<String> = ["database is locked", "database table is locked", "database or disk is full",
                                           "attempt to write a readonly database", "database disk image is malformed",
                                           "file is not a database", "disk I/O error", "unable to open database file"]

    /// The store cannot write at all until someone fixes the machine (frees disk space, makes
    /// the file writable, repairs it): what the store's write-health line reports. A busy
    /// lock or a closed store is not this.
    public var isWriteOutage: Bool {
        switch self {
        case .full, .readOnly, .corrupt, .ioError: return true
        default: return false
        }
    }

    /// A short cause for a log line or an error body: the kind, then SQLite's (or the OS's)
    /// text when it says more than the kind does ("database or disk full", "database is
    /// read-only: Operation not permitted", "disk I/O error (Input/output error)").
    public var cause: String {
        let kind: String, detail: String
        switch self {
        case .busy(let m): (kind, detail) = ("database busy", m)
        case .full(let m): (kind, detail) = ("database or disk full", m)
        case .readOnly(let m): (kind, detail) = ("database is read-only", m)
        case .corrupt(let m): (kind, detail) = ("database is corrupt", m)
        case .ioError(let m): (kind, detail) = ("disk I/O error", m)
        default: return description
        }
        if detail.hasPrefix(kind) { return detail }
        if StoreError.sqliteTexts.contains(detail) { return kind }
        return "\(kind): \(detail)"
    }

    public var description: String {
        switch self {
        case .notFound(let k): return "task not found: \(k)"
        case .duplicate(let k): return "task already exists: \(k)"
        case .unknownDependency(let id): return "unknown dependency: \(id)"
        case .cycle(let ids): return "dependency cycle: \(ids.joined(separator: " -> "))"
        case .hasDependents(let ids): return "other tasks depend on it: \(ids.joined(separator: ", "))"
        case .busy(let m): return "database busy: \(m)"
        case .constraint(let m): return "constraint failed: \(m)"
        case .full(let m): return "database or disk full: \(m)"
        case .readOnly(let m): return "database is read-only: \(m)"
        case .corrupt(let m): return "database is corrupt: \(m)"
        case .ioError(let m): return "disk I/O error: \(m)"
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
