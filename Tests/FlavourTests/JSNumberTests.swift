import JSBackend
import JSON
import Testing

/// Expected strings are what `String(x)` / `JSON.stringify(x)` print in Node 20 (ECMAScript's
/// Number::toString), for the cases where Swift's and Python's layouts differ.
@Suite struct JSNumberTests {
    @Test(arguments: [
        (0.0, "0"), (-0.0, "0"), (1.0, "1"), (-1.5, "-1.5"), (0.5, "0.5"), (0.1, "0.1"),
        (1e-7, "1e-7"), (1.5e-7, "1.5e-7"), (1e-6, "0.000001"), (0.000123, "0.000123"),
        (123.456, "123.456"), (1e21, "1e+21"), (1e20, "100000000000000000000"),
        (9007199254740993.0, "9007199254740992"), (1.2345678901234567e+30, "1.2345678901234567e+30"),
        (5e-324, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"), (2.5e-5, "0.000025"),
        (123456789012345680.0, "123456789012345680"),
    ])
    func numberToString(value: Double, expected: String) {
        #expect(JSNumber.string(value) == expected)
    }

    @Test func nonFiniteIsNull() {
        #expect(JSNumber.string(.nan) == "null")
        #expect(JSNumber.string(.infinity) == "null")
    }

    @Test func isoStringAlwaysHasMilliseconds() {
        #expect(JSDate.isoString(0) == "1970-01-01T00:00:00.000Z")
        #expect(JSDate.isoString(1_737_369_000_123) == "2025-01-20T10:30:00.123Z")
        #expect(JSDate.isoString(-1) == "1969-12-31T23:59:59.999Z")
    }
}

/// `JSON.stringify` of what `JSON.parse` read, through `JSNumberStyle` and `NodeJSON` (Node 20.20.2).
@Suite struct NodeJSONTests {
    @Test func numbersComeBackAsNodeWritesThem() throws {
        let v = try NodeJSON.parse(Array("[1e-7, -0, 12345678901234567890, 9007199254740993, 1e21, 1e400, 0.1, 5.0, 1.5e300, -0.0]".utf8))
        #expect(String(decoding: v.encoded(numberStyle: .javaScript), as: UTF8.self)
                == "[1e-7,0,12345678901234567000,9007199254740992,1e+21,null,0.1,5,1.5e+300,0]")
    }

    @Test func bytesThatAreNotUTF8AreReplacedAsNodeReplacesThem() throws {
        #expect(try NodeJSON.parse([0x22, 0x61, 0xFF, 0x22]) == "a\u{FFFD}")
        #expect(try NodeJSON.parse(Array(#""\ud800""#.utf8)) == "\u{FFFD}")
    }

    @Test func nestingUpToTheLimitParses() throws {
        let n = NodeJSON.maxDepth
        #expect(try NodeJSON.parse(Array((String(repeating: "[", count: n) + String(repeating: "]", count: n)).utf8)).isNull == false)
        #expect(throws: JSONParseError.self) {
            try NodeJSON.parse(Array((String(repeating: "[", count: n + 1) + String(repeating: "]", count: n + 1)).utf8))
        }
    }
}
