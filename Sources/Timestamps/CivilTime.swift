/// Calendar arithmetic on Unix milliseconds, without Foundation: the proleptic Gregorian
/// calendar in UTC (Howard Hinnant's algorithms), and an ISO-8601 / RFC 3339 parser. The
/// vendor flavours format timestamps the way their runtimes do (`PythonDateTime`,
/// `JSDate`) on top of this.
public enum CivilTime {
    /// The UTC fields of an instant.
    public struct Fields: Sendable, Equatable {
        public var year: Int64
        public var month: Int64
        public var day: Int64
        public var hour: Int64
        public var minute: Int64
        public var second: Int64
        public var millisecond: Int64
    }

    public static func fields(_ ms: Int64) -> Fields {
        let (days, msOfDay) = floorDivMod(ms, 86_400_000)
        let (y, m, d) = civil(fromDays: days)
        let secs = msOfDay / 1000
        return Fields(year: y, month: m, day: d, hour: secs / 3600, minute: secs / 60 % 60, second: secs % 60,
                      millisecond: msOfDay % 1000)
    }

    /// `YYYY-MM-DDTHH:MM:SS` of the instant (UTC), no fraction, no zone.
    public static func dateTimeText(_ f: Fields) -> String {
        "\(pad(f.year, 4))-\(pad(f.month, 2))-\(pad(f.day, 2))T\(pad(f.hour, 2)):\(pad(f.minute, 2)):\(pad(f.second, 2))"
    }

    /// `YYYY-MM-DD` of the instant (UTC).
    public static func dateText(_ ms: Int64) -> String {
        let f = fields(ms)
        return "\(pad(f.year, 4))-\(pad(f.month, 2))-\(pad(f.day, 2))"
    }

    /// Parses ISO-8601 / RFC 3339 date-times: `YYYY-MM-DD[T| ]HH:MM[:SS[.fraction]]` with `Z`,
    /// `±HH:MM`, `±HHMM` or no zone (taken as UTC). Returns Unix ms, or nil.
    public static func parse(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int64? {
            guard i + n <= b.count else { return nil }
            var v: Int64 = 0
            for k in i..<(i + n) {
                guard b[k] >= 0x30, b[k] <= 0x39 else { return nil }
                v = v * 10 + Int64(b[k] - 0x30)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = digits(4), expect(UInt8(ascii: "-")), let mo = digits(2), expect(UInt8(ascii: "-")), let d = digits(2),
              (1...12).contains(mo), (1...31).contains(d) else { return nil }
        guard i < b.count, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        guard let hh = digits(2), expect(UInt8(ascii: ":")), let mi = digits(2), hh < 24, mi < 60 else { return nil }
        var ss: Int64 = 0
        var frac: Int64 = 0
        if expect(UInt8(ascii: ":")) {
            guard let s = digits(2), s < 61 else { return nil }
            ss = s
            if expect(UInt8(ascii: ".")) || expect(UInt8(ascii: ",")) {
                var n = 0
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                    if n < 3 { frac = frac * 10 + Int64(b[i] - 0x30) }
                    n += 1
                    i += 1
                }
                guard n > 0 else { return nil }
                var k = n
                while k < 3 { frac *= 10; k += 1 }
            }
        }
        var offsetMinutes: Int64 = 0
        if i < b.count {
            if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
                i += 1
            } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                let sign: Int64 = b[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let oh = digits(2) else { return nil }
                _ = expect(UInt8(ascii: ":"))
                guard let om = digits(2) else { return nil }
                offsetMinutes = sign * (oh * 60 + om)
            } else {
                return nil
            }
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(y, mo, d)
        return ((days * 86_400 + hh * 3600 + mi * 60 + ss) - offsetMinutes * 60) * 1000 + frac
    }

    public static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static func floorDivMod(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    /// Howard Hinnant's `civil_from_days`: proleptic Gregorian date of a day count from 1970-01-01.
    public static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Hinnant's `days_from_civil`.
    public static func daysFromCivil(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
