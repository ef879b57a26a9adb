import Timestamps

/// Dates as a JavaScript backend writes them: `Date.prototype.toISOString()` (and so
/// `JSON.stringify` of a `Date`): `2025-01-20T10:30:00.000Z`, always with milliseconds.
public enum JSDate {
    public static func isoString(_ ms: Int64) -> String {
        let f = CivilTime.fields(ms)
        return CivilTime.dateTimeText(f) + "." + CivilTime.pad(f.millisecond, 3) + "Z"
    }
}
