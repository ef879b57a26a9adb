import FastAPI
import Timestamps

/// Which of its stack's timestamp formats each Amigo field uses, from store-clock Unix ms.
///
/// - Task `dispatched_at`/`completed_at` are declared as plain strings, so the server formats
///   them itself; we use Python's `datetime.isoformat()` on an aware UTC datetime.
/// - API-key `expires_at`/`created_at`/... are pydantic `datetime` fields.
enum AmigoTimestamp {
    static func isoformat(_ ms: Int64) -> String { PythonDateTime.isoformat(ms) }

    static func pydanticDateTime(_ ms: Int64) -> String { PythonDateTime.pydantic(ms) }

    /// ISO-8601 / RFC 3339 input (seeds, control routes): Unix ms, or nil.
    static func parse(_ text: String) -> Int64? { CivilTime.parse(text) }
}
