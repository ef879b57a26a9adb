import Emulator
import FastAPI
import JSON
import Testing
@testable import Amigo

/// The pure pieces: UUID diagnosis, pydantic's lax ints, timestamps, mode parsing.
@Suite struct AmigoUnitTests {
    /// Diagnoses as pydantic-core 2.46.4 (pydantic 2.13.4, the version the dialect follows)
    /// reports them: `TypeAdapter(UUID).validate_python(s)` in the oracle's venv (Tests/oracle).
    @Test(arguments: [
        ("", "invalid length: expected length 32 for simple format, found 0"),
        ("x", "invalid character: found `x` at 1"),
        ("aé", "invalid character: found `é` at 2"),
        ("{123}", "invalid group count: expected 5, found 1"),
        ("by-call", "invalid character: found `y` at 2"),
        ("123e4567-e89b-12d3-a456-426614174000 ", "invalid character: found ` ` at 37"),
        ("---------", "invalid group count: expected 5, found 10"),
        ("urn:uuid:123e4567e89b12d3a456426614174000", "invalid group count: expected 5, found 1"),
        ("12345678-1234-1234-1234-1234567890123456", "invalid group length in group 4: expected 12, found 16"),
        ("gggggggggggggggggggggggggggggggg", "invalid character: found `g` at 1"),
        ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "invalid length: expected length 32 for simple format, found 33"),
        ("a-€", "invalid character: found `€` at 3"),
        ("{x}", "invalid character: found `x` at 2"),
        ("urn:uuid:x", "invalid character: found `x` at 10"),
        ("{0000000g-0000-0000-0000-000000000001}", "invalid character: found `g` at 8"),
        ("urn:uuid:0000000g-0000-0000-0000-000000000001", "invalid character: found `g` at 8"),
        ("{000000000000000000000000000000000001}", "invalid length: expected length 32 for simple format, found 36"),
        ("urn:uuid:00000000-0000-0000-0000-0000000000-1", "invalid group count: expected 5, found 6"),
        ("{00000000-0000-0000-0000-00000000001}", "invalid group length in group 4: expected 12, found 13"),
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

    /// `json.loads` failures as FastAPI reports them (Python's words, character positions),
    /// and the failures that are not `JSONDecodeError`s (a 400 in FastAPI). Expected values
    /// from CPython 3.11's `json` module.
    @Test func pythonJSONDecodeErrors() {
        func decodeError(_ s: [UInt8]) -> PythonJSON.Failure? {
            if case .failure(let f) = PythonJSON.loads(s) { return f }
            return nil
        }
        #expect(decodeError(Array(#"{"a": 1,}"#.utf8)) == .decodeError(message: "Expecting property name enclosed in double quotes", position: 8))
        #expect(decodeError(Array(#"{"a": 91"#.utf8)) == .decodeError(message: "Expecting ',' delimiter", position: 8))
        #expect(decodeError(Array(#"{"é": }"#.utf8)) == .decodeError(message: "Expecting value", position: 6))
        #expect(decodeError(Array(#"[1.]"#.utf8)) == .decodeError(message: "Expecting ',' delimiter", position: 2))
        #expect(decodeError(Array(#""a\qb""#.utf8)) == .decodeError(message: "Invalid \\escape", position: 2))
        #expect(decodeError(Array(#""\u12""#.utf8)) == .decodeError(message: "Invalid \\uXXXX escape", position: 2))
        #expect(decodeError([0x22, 0xFF, 0x22]) == .unparseable)
        #expect(decodeError(Array(("1" + String(repeating: "0", count: 4300)).utf8)) == .unparseable)
        #expect(decodeError(Array((String(repeating: "[", count: 961) + String(repeating: "]", count: 961)).utf8)) == .unparseable)
    }

    @Test func pythonJSONReadsWhatPythonReads() throws {
        func loads(_ s: String) -> JSONValue? { try? PythonJSON.loads(Array(s.utf8)).get() }
        #expect(loads("123456789012345678901234567890") == .bigInt("123456789012345678901234567890"))
        #expect(loads("-9223372036854775809") == .bigInt("-9223372036854775809"))
        #expect(loads("1" + String(repeating: "0", count: 4299))?.isNumber == true)
        #expect(loads("[NaN, Infinity, -Infinity, 1e400]").map { $0.arrayValue?.allSatisfy { !($0.doubleValue ?? 0).isFinite } } == true)
        #expect(loads(#""\ud800x""#) == .string("\u{FFFD}x"))
        #expect(loads(String(repeating: "[", count: 960) + String(repeating: "]", count: 960)) != nil)
        // UTF-8 with a BOM, UTF-16 and UTF-32 bodies are decoded first, as json.detect_encoding does.
        #expect(try PythonJSON.loads([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)).get() == [1])
        #expect(try PythonJSON.loads([0x5B, 0, 0x31, 0, 0x5D, 0]).get() == [1])
        #expect(try PythonJSON.loads([0, 0, 0, 0x5B, 0, 0, 0, 0x31, 0, 0, 0, 0x5D]).get() == [1])
        #expect(try PythonJSON.loads([0, 0x5B, 0, 0x31, 0, 0x5D]).get() == [1])
        #expect(try PythonJSON.loads([0x5B, 0, 0, 0, 0x31, 0, 0, 0, 0x5D, 0, 0, 0]).get() == [1])
    }

    /// `repr(float)` (json.dumps, FastAPI's error bodies) and pydantic-core's `to_json(float)`
    /// (FastAPI's response models), from CPython 3.11.7 and pydantic-core 2.46.4.
    @Test(arguments: [
        (0.0, "0.0", "0.0"), (-0.0, "-0.0", "-0.0"), (1.0, "1.0", "1.0"), (-1.5, "-1.5", "-1.5"), (0.1, "0.1", "0.1"),
        (1e-07, "1e-07", "1e-7"), (1.5e-07, "1.5e-07", "1.5e-7"), (1e-06, "1e-06", "1e-6"), (1e-05, "1e-05", "0.00001"),
        (0.0001, "0.0001", "0.0001"), (1.234e-05, "1.234e-05", "0.00001234"), (123.456, "123.456", "123.456"),
        (1000000000000000.0, "1000000000000000.0", "1000000000000000.0"), (1e+16, "1e+16", "1e+16"),
        (1.2345e+16, "1.2345e+16", "1.2345e+16"), (1e+21, "1e+21", "1e+21"), (1e+22, "1e+22", "1e+22"),
        (9007199254740992.0, "9007199254740992.0", "9007199254740992.0"), (5e-324, "5e-324", "5e-324"),
        (1.7976931348623157e+308, "1.7976931348623157e+308", "1.7976931348623157e+308"),
        (0.30000000000000004, "0.30000000000000004", "0.30000000000000004"),
        (123456789012345.6, "123456789012345.6", "123456789012345.6"), (1500.0, "1500.0", "1500.0"),
        (2.5e-300, "2.5e-300", "2.5e-300"), (100.0, "100.0", "100.0"), (1e+100, "1e+100", "1e+100"),
    ])
    func pythonFloats(value: Double, repr: String, pydantic: String) {
        #expect(PythonFloat.repr(value) == repr)
        #expect(PythonFloat.pydantic(value) == pydantic)
    }
}
