import Timestamps

/// Timestamps as CPython and pydantic write them, from Unix milliseconds (UTC).
///
/// - `isoformat(_:)`: `datetime.isoformat()` of an aware UTC datetime:
///   `2026-05-06T12:34:56.789000+00:00` (microseconds, omitted when zero, as Python does).
/// - `pydantic(_:)`: a pydantic v2 `datetime` field serialised to JSON:
///   `2026-05-06T12:34:56.789000Z` (same rule for the fraction).
public enum PythonDateTime {
    public static func isoformat(_ ms: Int64) -> String { format(ms, zone: "+00:00") }

    public static func pydantic(_ ms: Int64) -> String { format(ms, zone: "Z") }

    private static func format(_ ms: Int64, zone: String) -> String {
        let f = CivilTime.fields(ms)
        var s = CivilTime.dateTimeText(f)
        if f.millisecond != 0 { s += ".\(CivilTime.pad(f.millisecond, 3))000" }
        return s + zone
    }
}
