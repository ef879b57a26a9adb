import JSON

/// `json.loads(body_bytes)` as Starlette's `request.json()` calls it under CPython: the bytes'
/// encoding is detected (UTF-8, UTF-8 with BOM, UTF-16 or UTF-32, `json.detect_encoding`),
/// then the text is parsed with Python's extensions (`NaN`, `Infinity`, lone surrogates),
/// exact integers up to CPython's 4,300-digit `int()` limit, and floats that overflow to
/// infinity. FastAPI turns a `JSONDecodeError` into a 422 `json_invalid` and any other
/// exception (undecodable bytes, `int()` refusing a number, `RecursionError`) into a 400.
///
/// Limits, measured with the oracle (Tests/oracle) on CPython 3.11.7 (recursion limit 1,000)
/// behind uvicorn 0.46.0: `json.loads` raises `RecursionError` past 960 nested containers
/// (967 under Starlette's TestClient, whose call stack is shallower), and FastAPI's error
/// encoder (`jsonable_encoder`, then `json.dumps`) fails with a 500 on an echoed input
/// nested more than 955 deep. Both depend on the stack the server runs the parser in; these
/// are the values for a plain uvicorn server.
public enum PythonJSON {
    public static let maxDepth = 960
    /// Deepest `input` the 422 encoder still writes (deeper: 500).
    public static let maxEchoDepth = 955
    /// `sys.get_int_max_str_digits()`'s default.
    public static let maxIntegerDigits = 4300

    public static let options = JSONParser.Options(maxDepth: maxDepth, bigIntegers: .exact(maxDigits: maxIntegerDigits),
                                                   nonFiniteLiterals: true, overflowToInfinity: true,
                                                   acceptsLoneSurrogates: true)

    public enum Failure: Error, Sendable, Equatable {
        /// `json.JSONDecodeError(msg, doc, pos)`: `pos` counts characters of the decoded text.
        case decodeError(message: String, position: Int)
        /// Any other exception while decoding or parsing.
        case unparseable
    }

    public static func loads(_ body: [UInt8]) -> Result<JSONValue, Failure> {
        guard let text = decode(body) else { return .failure(.unparseable) }
        do {
            return .success(try JSONParser.parse(text, options: options))
        } catch {
            guard let message = message(error.kind) else { return .failure(.unparseable) }
            return .failure(.decodeError(message: message, position: characterIndex(error.offset, in: text)))
        }
    }

    /// Python's `json` words for a parse failure; nil for failures that are not a `JSONDecodeError`.
    public static func message(_ kind: JSONParseError.Kind) -> String? {
        switch kind {
        case .expectedValue: return "Expecting value"
        case .expectedKey: return "Expecting property name enclosed in double quotes"
        case .expectedColon: return "Expecting ':' delimiter"
        case .expectedComma: return "Expecting ',' delimiter"
        case .extraData: return "Extra data"
        case .controlCharacter: return "Invalid control character at"
        case .unterminatedString: return "Unterminated string starting at"
        case .invalidEscape: return "Invalid \\escape"
        case .invalidUnicodeEscape: return "Invalid \\uXXXX escape"
        case .structure: return "Expecting value"
        case .invalidUTF8, .tooDeep, .numberTooLong, .numberOutOfRange: return nil
        }
    }

    /// The number of characters (code points) before byte `offset` of UTF-8 `text`.
    static func characterIndex(_ offset: Int, in text: [UInt8]) -> Int {
        var n = 0
        for b in text[..<min(offset, text.count)] where b & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// `bytes.decode(json.detect_encoding(b))` into UTF-8; nil where Python raises
    /// `UnicodeDecodeError` (and for encoded lone surrogates, which Python's `surrogatepass`
    /// would keep but no Swift string can hold).
    static func decode(_ b: [UInt8]) -> [UInt8]? {
        func starts(_ p: [UInt8]) -> Bool { b.count >= p.count && Array(b[0..<p.count]) == p }
        if starts([0, 0, 0xFE, 0xFF]) { return wide(b[4...], UTF32.self, bigEndian: true) }
        if starts([0xFF, 0xFE, 0, 0]) { return wide(b[4...], UTF32.self, bigEndian: false) }
        if starts([0xFE, 0xFF]) { return wide(b[2...], UTF16.self, bigEndian: true) }
        if starts([0xFF, 0xFE]) { return wide(b[2...], UTF16.self, bigEndian: false) }
        if starts([0xEF, 0xBB, 0xBF]) { return utf8(b[3...]) }
        if b.count >= 4 {
            if b[0] == 0 { return b[1] != 0 ? wide(b[...], UTF16.self, bigEndian: true) : wide(b[...], UTF32.self, bigEndian: true) }
            if b[1] == 0 { return b[2] != 0 || b[3] != 0 ? wide(b[...], UTF16.self, bigEndian: false) : wide(b[...], UTF32.self, bigEndian: false) }
        } else if b.count == 2 {
            if b[0] == 0 { return wide(b[...], UTF16.self, bigEndian: true) }
            if b[1] == 0 { return wide(b[...], UTF16.self, bigEndian: false) }
        }
        return utf8(b[...])
    }

    private static func utf8(_ s: ArraySlice<UInt8>) -> [UInt8]? {
        String(validating: s, as: UTF8.self) == nil ? nil : Array(s)
    }

    /// The bytes as code units of `codec` (UTF-16 or UTF-32) in the given byte order, into
    /// UTF-8; nil when they do not split into whole units or do not decode.
    private static func wide<C: UnicodeCodec>(_ s: ArraySlice<UInt8>, _ codec: C.Type, bigEndian: Bool) -> [UInt8]? {
        let width = C.CodeUnit.bitWidth / 8
        guard s.count % width == 0 else { return nil }
        var units: [C.CodeUnit] = []
        units.reserveCapacity(s.count / width)
        var i = s.startIndex
        while i < s.endIndex {
            var u: C.CodeUnit = 0
            for k in 0..<width { u = u << 8 | C.CodeUnit(s[bigEndian ? i + k : i + width - 1 - k]) }
            units.append(u)
            i += width
        }
        return transcoded(units, from: codec)
    }

    private static func transcoded<C: UnicodeCodec>(_ units: [C.CodeUnit], from codec: C.Type) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(units.count)
        let failed = transcode(units.makeIterator(), from: codec, to: UTF8.self, stoppingOnError: true) { out.append($0) }
        return failed ? nil : out
    }
}

extension JSONValue {
    /// How many containers deep the value nests (0 for a scalar).
    public var nestingDepth: Int {
        var deepest = 0
        var stack: [(JSONValue, Int)] = [(self, 0)]
        while let (v, d) = stack.popLast() {
            switch v {
            case .array(let a):
                deepest = max(deepest, d + 1)
                for e in a { stack.append((e, d + 1)) }
            case .object(let o):
                deepest = max(deepest, d + 1)
                for e in o.values { stack.append((e, d + 1)) }
            default:
                deepest = max(deepest, d)
            }
        }
        return deepest
    }

    /// Whether a `NaN` or an infinity is anywhere in the value (Python's `json.dumps` refuses them).
    public var containsNonFinite: Bool {
        var stack: [JSONValue] = [self]
        while let v = stack.popLast() {
            switch v {
            case .double(let d) where !d.isFinite: return true
            case .array(let a): stack.append(contentsOf: a)
            case .object(let o): stack.append(contentsOf: o.values)
            default: continue
            }
        }
        return false
    }
}
