import Emulator
import Testing

/// The log line's `time` field: written digit by digit for years 0-9999, by the calendar's
/// text functions otherwise; both must read the same.
@Suite struct LogTimeTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (Int64(1_796_218_387_840), "2026-12-02T13:33:07.840Z"),
        (Int64(951_782_400_001), "2000-02-29T00:00:00.001Z"),
        (Int64(253_402_300_799_999), "9999-12-31T23:59:59.999Z"),
        (Int64(-1), "1969-12-31T23:59:59.999Z"),
    ])
    func isoText(_ ms: Int64, _ expected: String) {
        #expect(Logger.isoText(ms) == expected)
    }

    @Test func outsideFourDigitYearsUsesTheCalendarText() {
        #expect(Logger.isoText(253_402_300_800_000) == "10000-01-01T00:00:00.000Z")
    }
}
