import JSON
import Testing

@Suite struct JSONParserTests {
    @Test func parsesEveryKind() throws {
        let v = try JSONParser.parse(#" {"a":[1,-2.5,true,false,null,"x\n\u00e9\ud83d\ude00"],"b":{}} "#)
        #expect(v == .object(["a": .array([.int(1), .double(-2.5), .bool(true), .bool(false), .null, .string("x\né😀")]), "b": .object([:])]))
    }

    @Test func keepsIntegersExact() throws {
        #expect(try JSONParser.parse("1767225600123") == .int(1_767_225_600_123))
        #expect(try JSONParser.parse("1e3") == .double(1000))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "\"\\x\"", "\"a", "tru", "[1 2]", "{\"a\" 1}",
                      "\"\u{01}\"", "\"\\ud800\"", "1 2", "NaN"])
    func rejectsMalformed(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test func rejectsDeepNestingWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }
}

@Suite struct JSONWriterTests {
    @Test func writesCompactSortedObjects() {
        let v: JSONValue = ["b": 1, "a": [true, nil, "q\"\\\u{1}"], "c": 0.25]
        #expect(v.encodedString == #"{"a":[true,null,"q\"\\\u0001"],"b":1,"c":0.25}"#)
    }

    @Test func integralDoublesHaveNoFraction() {
        #expect(JSONValue.double(1.0).encodedString == "1")
        #expect(JSONValue.double(0.5).encodedString == "0.5")
        #expect(JSONValue.double(.nan).encodedString == "null")
    }

    @Test func keysAndValuesGetCommas() {
        var w = JSONWriter()
        w.beginObject()
        w.key("a"); w.int(1)
        w.key("b"); w.beginArray(); w.string("x"); w.int(Int64(-7)); w.endArray()
        w.key("c"); w.beginObject(); w.endObject()
        w.endObject()
        #expect(String(decoding: w.bytes, as: UTF8.self) == #"{"a":1,"b":["x",-7],"c":{}}"#)
    }

    @Test func splicesStoredObjectMembers() {
        var w = JSONWriter()
        w.beginObject()
        w.key("id"); w.string("t1")
        w.members(ofObject: #"{"x":1,"y":{"z":[2]}}"#)
        w.members(ofObject: "{}")
        w.key("after"); w.bool(true)
        w.endObject()
        #expect(String(decoding: w.bytes, as: UTF8.self) == #"{"id":"t1","x":1,"y":{"z":[2]},"after":true}"#)
    }

    @Test func splicingFirstThenKey() {
        var w = JSONWriter()
        w.beginObject()
        w.members(ofObject: #"{"x":1}"#)
        w.key("k"); w.null()
        w.endObject()
        #expect(String(decoding: w.bytes, as: UTF8.self) == #"{"x":1,"k":null}"#)
    }

    @Test func appendStringEscapesOntoTheEndOfAnyBuffer() {
        var bytes = Array("x".utf8)
        JSONWriter.appendString("a\"b\\c\n\r\t\u{8}\u{C}\u{1}\u{1F}é/", to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == #"x"a\"b\\c\n\r\t\b\f\u0001\u001fé/""#)
        JSONWriter.appendString("", to: &bytes)
        #expect(bytes.suffix(2) == [0x22, 0x22])
    }

    @Test func roundTrips() throws {
        let text = #"{"a":[1,2.5,"s",{"b":null}],"c":false}"#
        #expect(try JSONParser.parse(text).encodedString == text)
    }
}

@Suite struct HexDigitTests {
    @Test func valuesOfDigitsInEitherCaseAndNothingElse() {
        let digits = Array("0123456789abcdefABCDEF".utf8)
        #expect(digits.map { HexDigit.value($0) } == (0..<16).map { UInt8($0) } + (10..<16).map { UInt8($0) })
        for c in 0...255 where !digits.contains(UInt8(c)) {
            #expect(HexDigit.value(UInt8(c)) == nil, "\(c)")
        }
    }

    @Test func uuidStringIsLowerCaseHyphenated() {
        let bytes: [UInt8] = [0x55, 0x0E, 0x84, 0x00, 0xE2, 0x9B, 0x41, 0xD4, 0xA7, 0x16, 0x44, 0x66, 0x55, 0x44, 0x00, 0x00]
        #expect(HexDigit.uuidString(bytes) == "550e8400-e29b-41d4-a716-446655440000")
    }
}

/// What `JSONParser.Options` changes: the runtimes polytask emulates read JSON differently.
@Suite struct JSONParserOptionsTests {
    @Test func nestingIsBoundedByTheOptionNotTheStack() throws {
        // The parser keeps its own stack: the limit is the option alone. (Freeing a parsed
        // value still recurses once per level, which is why the dialects' limits stay near
        // 1,000: see NodeJSON and PythonJSON.)
        let deep = String(repeating: "[", count: 1_000) + String(repeating: "]", count: 1_000)
        let v = try JSONParser.parse(deep, options: .init(maxDepth: 1_000))
        #expect(v.arrayValue?.count == 1)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep, options: .init(maxDepth: 999) ) }
        // Refused at the first level past the limit, however deep the rest goes.
        #expect(throws: JSONParseError.self) { try JSONParser.parse(String(repeating: "[", count: 1_000_000), options: .init(maxDepth: 2_000)) }
        do {
            _ = try JSONParser.parse("[[1]]", options: .init(maxDepth: 1))
            Issue.record("parsed past maxDepth")
        } catch {
            #expect(error.kind == .tooDeep && error.isLimit)
        }
        #expect(try JSONParser.parse("[[1]]", options: .init(maxDepth: 2)) == [[1]])
    }

    @Test func bigIntegersAreDoublesByDefaultAndExactOnRequest() throws {
        #expect(try JSONParser.parse("12345678901234567890123") == .double(12345678901234567890123))
        let exact = JSONParser.Options(bigIntegers: .exact(maxDigits: 30))
        #expect(try JSONParser.parse("[12345678901234567890123,-9223372036854775809]", options: exact)
                == [.bigInt("12345678901234567890123"), .bigInt("-9223372036854775809")])
        #expect(try JSONParser.parse("9223372036854775807", options: exact) == .int(.max))
        #expect(throws: JSONParseError.self) { try JSONParser.parse("-" + String(repeating: "9", count: 31), options: exact) }
        #expect(try JSONParser.parse("-" + String(repeating: "9", count: 30), options: exact).isNumber)
        #expect(JSONValue.bigInt("123456789012345678901").encodedString == "123456789012345678901")
    }

    @Test func pythonAndJavaScriptExtensions() throws {
        #expect(throws: JSONParseError.self) { try JSONParser.parse("NaN") }
        #expect(throws: JSONParseError.self) { try JSONParser.parse("1e400") }
        let lenient = JSONParser.Options(nonFiniteLiterals: true, overflowToInfinity: true, acceptsLoneSurrogates: true)
        let v = try JSONParser.parse(#"[NaN,Infinity,-Infinity,1e400,-1e400,"\ud800","\udc00\ud83d\ude00"]"#, options: lenient)
        let a = try #require(v.arrayValue)
        #expect(a[0].doubleValue?.isNaN == true)
        #expect(a[1] == .double(.infinity) && a[2] == .double(-.infinity) && a[3] == .double(.infinity) && a[4] == .double(-.infinity))
        #expect(a[5] == "\u{FFFD}" && a[6] == "\u{FFFD}😀")
    }

    /// The kinds (and offsets) a stack that words its errors its own way maps from.
    @Test(arguments: [
        (#"{"a":1,}"#, JSONParseError.Kind.expectedKey, 7), (#"{"a" 1}"#, .expectedColon, 5), (#"{"a":1"#, .expectedComma, 6),
        ("[1 2]", .expectedComma, 3), ("[1.]", .expectedComma, 2), ("05", .extraData, 1), ("1 2", .extraData, 2),
        ("[1,]", .expectedValue, 3), ("nul", .expectedValue, 0), ("-x", .expectedValue, 0), (#""a"#, .unterminatedString, 0),
        ("\"a\u{01}\"", .controlCharacter, 2), (#""a\qb""#, .invalidEscape, 2), (#""\u12""#, .invalidUnicodeEscape, 2),
        ("1e", .extraData, 1), ("", .expectedValue, 0),
    ])
    func errorKindsAndOffsets(text: String, kind: JSONParseError.Kind, offset: Int) {
        do {
            _ = try JSONParser.parse(text)
            Issue.record("parsed \(text)")
        } catch {
            #expect(error.kind == kind, "\(text)")
            #expect(error.offset == offset, "\(text)")
        }
    }
}

/// A number style changes how numbers are written, nothing else.
@Suite struct JSONNumberStyleTests {
    struct Tagged: JSONNumberStyle {
        func append(_ d: Double, to bytes: inout [UInt8]) { bytes += Array("D".utf8) }
        func append(_ i: Int64, to bytes: inout [UInt8]) { bytes += Array("I".utf8) }
    }

    @Test func everyNumberGoesThroughTheStyle() {
        let v: JSONValue = ["a": [1, 2.5, .bigInt("123456789012345678901234")], "b": "1"]
        #expect(String(decoding: v.encoded(numberStyle: Tagged()), as: UTF8.self) == #"{"a":[I,D,123456789012345678901234],"b":"1"}"#)
        #expect(v.encodedString == #"{"a":[1,2.5,123456789012345678901234],"b":"1"}"#)
    }
}
