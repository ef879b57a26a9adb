import Emulator
import FastAPI
import JSON
import Testing
@testable import Amigo

/// The pure pieces: UUID diagnosis, pydantic's lax ints, timestamps, mode parsing.
@Suite struct AmigoUnitTests {
    /// Diagnoses measured with pydantic-core 2.46 (whose indexes are 1-based) shifted to the
    /// 0-based indexes measured against the vendor's current stack.
    @Test(arguments: [
        ("", "invalid length: expected length 32 for simple format, found 0"),
        ("x", "invalid character: found `x` at 0"),
        ("aé", "invalid character: found `é` at 1"),
        ("{123}", "invalid group count: expected 5, found 1"),
        ("by-call", "invalid character: found `y` at 1"),
        ("123e4567-e89b-12d3-a456-426614174000 ", "invalid character: found ` ` at 36"),
        ("---------", "invalid group count: expected 5, found 10"),
        ("urn:uuid:123e4567e89b12d3a456426614174000", "invalid group count: expected 5, found 1"),
        ("12345678-1234-1234-1234-1234567890123456", "invalid group length in group 4: expected 12, found 16"),
        ("gggggggggggggggggggggggggggggggg", "invalid character: found `g` at 0"),
        ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "invalid length: expected length 32 for simple format, found 33"),
        ("a-€", "invalid character: found `€` at 2"),
    ])
    func uuidDiagnoses(input: String, error: String) {
        #expect(PydanticUUID.parse(input) == .failure(PydanticUUID.UUIDError(description: error)))
    }

    @Test func uuidAcceptedForms() {
        let c = "123e4567-e89b-12d3-a456-426614174000"
        for s in [c, c.uppercased(), "{\(c)}", "urn:uuid:\(c)", "123e4567e89b12d3a456426614174000"] {
            #expect(PydanticUUID.parse(s) == .success(c), "\(s)")
        }
        #expect(PydanticUUID.parse("00000000-0000-0000-0000-000000000000") == .success("00000000-0000-0000-0000-000000000000"))
    }

    @Test func laxIntFromStringMatchesPydantic() {
        let ok: [(String, Int64)] = [("5", 5), ("+5", 5), ("05", 5), ("5.0", 5), ("5.00", 5), ("-0", 0), ("-0.0", 0), ("1_000.0", 1000),
                                     ("0_5", 5), ("\n5\n", 5), ("\u{a0}5", 5), ("00", 0), (" 7\t", 7), ("-3", -3)]
        for (s, v) in ok { #expect(PydanticLax.intFromString(s) == .value(v), "\(s)") }
        for s in ["5.", ".0", "5.0_0", "5._0", "+-5", "- 5", "١", "5e0", "-", "+", "", " ", "1__0", "_1", "1_", "0x10", "５", "5.5"] {
            #expect(PydanticLax.intFromString(s) == nil, "\(s)")
        }
        #expect(PydanticLax.intFromString(String(repeating: "1", count: 30)) == .huge(negative: false))
        #expect(PydanticLax.intFromString("-" + String(repeating: "1", count: 30)) == .huge(negative: true))
    }

    @Test func timestampsInPythonsTwoForms() {
        let t: Int64 = 1_778_071_496_789  // 2026-05-06T12:44:56.789Z
        #expect(AmigoTimestamp.isoformat(t) == "2026-05-06T12:44:56.789000+00:00")
        #expect(AmigoTimestamp.pydanticDateTime(t) == "2026-05-06T12:44:56.789000Z")
        #expect(AmigoTimestamp.isoformat(t - 789) == "2026-05-06T12:44:56+00:00")
        #expect(AmigoTimestamp.isoformat(0) == "1970-01-01T00:00:00+00:00")
        #expect(AmigoTimestamp.isoformat(-1) == "1969-12-31T23:59:59.999000+00:00")
        #expect(AmigoTimestamp.isoformat(951_782_400_000) == "2000-02-29T00:00:00+00:00")
    }

    @Test func timestampParsing() {
        let t: Int64 = 1_778_071_496_789
        #expect(AmigoTimestamp.parse("2026-05-06T12:44:56.789000+00:00") == t)
        #expect(AmigoTimestamp.parse("2026-05-06T12:44:56.789Z") == t)
        #expect(AmigoTimestamp.parse("2026-05-06 14:44:56.789+02:00") == t)
        #expect(AmigoTimestamp.parse("2026-05-06T12:44:56.7891234") == t)
        #expect(AmigoTimestamp.parse("2026-05-06T12:44") == t - 56_789)
        #expect(AmigoTimestamp.parse("2026-05-06") == nil)
        #expect(AmigoTimestamp.parse("2026-13-06T00:00:00Z") == nil)
        #expect(AmigoTimestamp.parse("yesterday") == nil)
        for ms: Int64 in [0, 1, 999, 86_399_999, 1_778_071_496_789, 4_102_444_800_000] {
            #expect(AmigoTimestamp.parse(AmigoTimestamp.isoformat(ms)) == ms)
            #expect(AmigoTimestamp.parse(AmigoTimestamp.pydanticDateTime(ms)) == ms)
        }
    }

    @Test func lifecycleModeFlags() {
        #expect(LifecycleMode(flag: "manual") == .manual)
        #expect(LifecycleMode(flag: "IMMEDIATE") == .immediate)
        #expect(LifecycleMode(flag: "polls:3") == .afterPolls(3))
        #expect(LifecycleMode(flag: "duration:1500") == .afterDuration(millis: 1500))
        #expect(LifecycleMode(flag: "duration:2s") == .afterDuration(millis: 2000))
        #expect(LifecycleMode(flag: "duration:250ms") == .afterDuration(millis: 250))
        #expect(LifecycleMode(flag: "duration:1m") == .afterDuration(millis: 60_000))
        for bad in ["", "polls", "polls:0", "polls:-1", "duration:x", "duration:-5", "sometimes", "immediate:1"] {
            #expect(LifecycleMode(flag: bad) == nil, "\(bad)")
        }
        for m in [LifecycleMode.manual, .immediate, .afterPolls(7), .afterDuration(millis: 42)] {
            #expect(LifecycleMode(flag: m.description) == m)
        }
    }

    @Test func lifecyclePlanIsStablePerTask() {
        let a = AmigoLifecycle.Plan(taskID: "task-001")
        let b = AmigoLifecycle.Plan(taskID: "task-001")
        #expect(a.inputTokens == b.inputTokens && a.outputTokens == b.outputTokens)
        #expect(a.cachedTokens <= a.inputTokens)
    }

    @Test func pythonJSONMessages() {
        #expect(FastAPIBody.pythonMessage("Expected a string key") == "Expecting property name enclosed in double quotes")
        #expect(FastAPIBody.pythonMessage("Unexpected end of JSON input") == "Expecting value")
    }
}
