/// Why parsing failed, and where (byte offset). Dialects turn this into their own 400/422.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in terms a backend's own parser distinguishes: a stack that words its
    /// errors differently (Python's `json`) maps the kind and the offset, not the message.
    public enum Kind: Sendable, Equatable {
        /// No value where one must start (also a bad literal or number): Python's "Expecting value".
        case expectedValue
        /// An object member must start with a string key.
        case expectedKey
        case expectedColon
        /// After a member or element: neither `,` nor the closing bracket.
        case expectedComma
        /// Something after the one top-level value.
        case extraData
        /// A raw control character inside a string (offset: the character).
        case controlCharacter
        /// The string never closes (offset: its opening quote).
        case unterminatedString
        /// A backslash followed by a letter JSON has no escape for (offset: the backslash).
        case invalidEscape
        /// `\u` not followed by four hex digits, or an unpaired surrogate (offset: the `u`).
        case invalidUnicodeEscape
        /// Bytes that are not UTF-8.
        case invalidUTF8
        /// Nested deeper than `Options.maxDepth`: a resource limit, not a syntax error.
        case tooDeep
        /// An integer with more digits than `Options.BigIntegers.exact(maxDigits:)` allows: a limit.
        case numberTooLong
        /// A number beyond the double range, where that is refused.
        case numberOutOfRange
        /// A document that is not a single value of the expected shape (seed splitter).
        case structure
    }

    public var message: String
    public var offset: Int
    public var kind: Kind
    public init(_ message: String, at offset: Int, kind: Kind = .structure) {
        self.message = message
        self.offset = offset
        self.kind = kind
    }
    public var description: String { "\(message) at byte \(offset)" }

    /// True for the failures that are limits of the parser rather than malformed JSON.
    public var isLimit: Bool { kind == .tooDeep || kind == .numberTooLong }
}

/// A strict RFC 8259 parser over UTF-8 bytes. It keeps its own stack of open containers (no
/// recursion), so nesting is bounded by `Options.maxDepth` alone, never by the thread's stack.
///
/// `Options` carries what differs between the runtimes a dialect emulates: how deep a
/// document may nest, whether integers past `Int64` stay exact, and which of Python's
/// extensions (`NaN`, `Infinity`, lone surrogates) are read. `.strict` is RFC 8259 plus
/// a depth limit, which is what every caller gets unless it asks for another runtime.
public struct JSONParser {
    public static let defaultMaxDepth = 256

    public struct Options: Sendable {
        /// How integers outside `Int64` are read.
        public enum BigIntegers: Sendable, Equatable {
            /// As the nearest double (JavaScript's `JSON.parse`).
            case double
            /// Exact (`.bigInt`), with at most this many digits; more is `.numberTooLong`
            /// (CPython's `int()` refuses more than 4,300 digits by default).
            case exact(maxDigits: Int)
        }

        /// Containers (objects and arrays) nested deeper than this are `.tooDeep`.
        public var maxDepth: Int
        public var bigIntegers: BigIntegers
        /// `NaN`, `Infinity` and `-Infinity` as values (Python's `json` reads them).
        public var nonFiniteLiterals: Bool
        /// A number too large for a double is ±infinity (JavaScript and Python) rather than
        /// `.numberOutOfRange`.
        public var overflowToInfinity: Bool
        /// `\ud800` without its pair is U+FFFD rather than an error: Python keeps the lone
        /// surrogate in its string; a Swift string cannot hold one, so it is replaced.
        public var acceptsLoneSurrogates: Bool

        public init(maxDepth: Int = JSONParser.defaultMaxDepth, bigIntegers: BigIntegers = .double,
                    nonFiniteLiterals: Bool = false, overflowToInfinity: Bool = false,
                    acceptsLoneSurrogates: Bool = false) {
            self.maxDepth = maxDepth
            self.bigIntegers = bigIntegers
            self.nonFiniteLiterals = nonFiniteLiterals
            self.overflowToInfinity = overflowToInfinity
            self.acceptsLoneSurrogates = acceptsLoneSurrogates
        }

        /// RFC 8259, 256 levels deep.
        public static let strict = Options()
    }

    public static func parse(_ bytes: [UInt8], options: Options) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buf) throws(JSONParseError) -> JSONValue in
            var p = JSONParser(buf: buf, options: options)
            return try p.document()
        }
    }

    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        try parse(bytes, options: Options(maxDepth: maxDepth))
    }

    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), options: Options(maxDepth: maxDepth))
    }

    public static func parse(_ text: String, options: Options) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), options: options)
    }

    private let buf: UnsafeBufferPointer<UInt8>
    private let options: Options
    private var i = 0

    private init(buf: UnsafeBufferPointer<UInt8>, options: Options) {
        self.buf = buf
        self.options = options
    }

    /// An enclosing container, saved while a nested one is being parsed: its elements or
    /// members so far (and, for an object, the key whose value the nested one is).
    private enum Parent {
        case array([JSONValue])
        case object([String: JSONValue], key: String)
    }

    /// The innermost open container lives in local variables, so elements and members are
    /// appended in place; entering a nested container moves it onto `parents`, leaving it
    /// moves it back. No container is ever copied while it grows.
    private mutating func document() throws(JSONParseError) -> JSONValue {
        var parents: [Parent] = []
        var depth = 0               // open containers, the current one included
        var inObject = false
        var elements: [JSONValue] = []
        var members: [String: JSONValue] = [:]
        var key = ""
        skipWhitespace()
        var value: JSONValue
        parse: while true {
            // Here a value must start at `i`.
            guard i < buf.count else { throw JSONParseError("Unexpected end of JSON input", at: i, kind: .expectedValue) }
            let c = buf[i]
            if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                guard depth < options.maxDepth else { throw JSONParseError("JSON nested too deeply", at: i, kind: .tooDeep) }
                i += 1
                skipWhitespace()
                let isObject = c == UInt8(ascii: "{")
                if i < buf.count && buf[i] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    i += 1
                    value = isObject ? .object([:]) : .array([])
                } else {
                    let nestedKey = isObject ? try memberKey() : ""
                    if depth > 0 {
                        parents.append(inObject ? .object(members, key: key) : .array(elements))
                    }
                    depth += 1
                    inObject = isObject
                    elements = []
                    members = [:]
                    key = nestedKey
                    continue parse
                }
            } else {
                value = try scalar()
            }
            // A complete value: hand it to the innermost open container, closing as many as end here.
            while true {
                guard depth > 0 else {
                    skipWhitespace()
                    guard i == buf.count else { throw JSONParseError("Unexpected data after the JSON value", at: i, kind: .extraData) }
                    return value
                }
                skipWhitespace()
                if inObject {
                    members[key] = value  // a repeated key: the last one wins, as in JavaScript and Python
                    if i < buf.count && buf[i] == UInt8(ascii: ",") {
                        i += 1
                        skipWhitespace()
                        key = try memberKey()
                        continue parse
                    }
                    guard i < buf.count, buf[i] == UInt8(ascii: "}") else {
                        throw JSONParseError(i < buf.count ? "Expected ',' or '}'" : "Unexpected end of JSON input", at: i, kind: .expectedComma)
                    }
                    value = .object(members)
                } else {
                    elements.append(value)
                    if i < buf.count && buf[i] == UInt8(ascii: ",") {
                        i += 1
                        skipWhitespace()
                        continue parse
                    }
                    guard i < buf.count, buf[i] == UInt8(ascii: "]") else {
                        throw JSONParseError(i < buf.count ? "Expected ',' or ']'" : "Unexpected end of JSON input", at: i, kind: .expectedComma)
                    }
                    value = .array(elements)
                }
                i += 1
                depth -= 1
                // Back to the enclosing container (its contents move out of `parents`).
                switch parents.popLast() {
                case .array(let a)?:
                    inObject = false
                    elements = a
                    members = [:]
                case .object(let o, let k)?:
                    inObject = true
                    members = o
                    key = k
                    elements = []
                case nil:
                    elements = []
                    members = [:]
                }
            }
        }
    }

    /// `"key"` `:` and the whitespace after it; `i` is then where the member's value starts.
    private mutating func memberKey() throws(JSONParseError) -> String {
        guard i < buf.count, buf[i] == UInt8(ascii: "\"") else { throw JSONParseError("Expected a string key", at: i, kind: .expectedKey) }
        let k = try parseString()
        skipWhitespace()
        guard i < buf.count, buf[i] == UInt8(ascii: ":") else { throw JSONParseError("Expected ':'", at: i, kind: .expectedColon) }
        i += 1
        skipWhitespace()
        return k
    }

    private mutating func skipWhitespace() {
        while i < buf.count {
            let c = buf[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { return }
        }
    }

    private mutating func scalar() throws(JSONParseError) -> JSONValue {
        switch buf[i] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "N") where options.nonFiniteLiterals: try literal("NaN"); return .double(.nan)
        case UInt8(ascii: "I") where options.nonFiniteLiterals: try literal("Infinity"); return .double(.infinity)
        case UInt8(ascii: "-") where options.nonFiniteLiterals && matches("-Infinity"):
            i += 9
            return .double(-.infinity)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw JSONParseError("Unexpected character", at: i, kind: .expectedValue)
        }
    }

    private func matches(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard i + n <= buf.count else { return false }
        let w = word.utf8Start
        for k in 0..<n where buf[i + k] != w[k] { return false }
        return true
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        guard matches(word) else { throw JSONParseError("Invalid literal", at: i, kind: .expectedValue) }
        i += word.utf8CodeUnitCount
    }

    private mutating func parseString() throws(JSONParseError) -> String {
        let quote = i
        i += 1  // opening quote
        let start = i
        // Fast path: no escapes.
        while i < buf.count {
            let c = buf[i]
            if c == UInt8(ascii: "\"") {
                let s = try validatedString(start..<i)
                i += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw JSONParseError("Control character in string", at: i, kind: .controlCharacter) }
            i += 1
        }
        var out: [UInt8] = Array(UnsafeBufferPointer(rebasing: buf[start..<i]))
        while i < buf.count {
            let c = buf[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                guard let s = String(validating: out, as: UTF8.self) else {
                    throw JSONParseError("Invalid UTF-8 in string", at: start, kind: .invalidUTF8)
                }
                return s
            }
            if c < 0x20 { throw JSONParseError("Control character in string", at: i, kind: .controlCharacter) }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            let backslash = i
            i += 1
            guard i < buf.count else { break }
            let e = buf[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                let u = i - 1
                var scalar = try hex4(escapeAt: u)
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate must be followed by \u and a low surrogate.
                    if i + 1 < buf.count, buf[i] == UInt8(ascii: "\\"), buf[i + 1] == UInt8(ascii: "u") {
                        let save = i
                        i += 2
                        let low = try hex4(escapeAt: save + 1)
                        if (0xDC00...0xDFFF).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if options.acceptsLoneSurrogates {
                            // Python keeps both: the lone high one (replaced) and whatever followed.
                            i = save
                            scalar = 0xFFFD
                        } else {
                            throw JSONParseError("Unpaired surrogate in string", at: save + 1, kind: .invalidUnicodeEscape)
                        }
                    } else if options.acceptsLoneSurrogates {
                        scalar = 0xFFFD
                    } else {
                        throw JSONParseError("Unpaired surrogate in string", at: u, kind: .invalidUnicodeEscape)
                    }
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    guard options.acceptsLoneSurrogates else {
                        throw JSONParseError("Unpaired surrogate in string", at: u, kind: .invalidUnicodeEscape)
                    }
                    scalar = 0xFFFD
                }
                guard let v = Unicode.Scalar(scalar) else { throw JSONParseError("Invalid unicode escape", at: u, kind: .invalidUnicodeEscape) }
                out.append(contentsOf: UTF8.encode(v).map { Array($0) } ?? [])
            default:
                throw JSONParseError("Invalid escape", at: backslash, kind: .invalidEscape)
            }
        }
        throw JSONParseError("Unterminated string", at: quote, kind: .unterminatedString)
    }

    private func validatedString(_ r: Range<Int>) throws(JSONParseError) -> String {
        let slice = UnsafeBufferPointer(rebasing: buf[r])
        guard let s = String(validating: slice, as: UTF8.self) else {
            throw JSONParseError("Invalid UTF-8 in string", at: r.lowerBound, kind: .invalidUTF8)
        }
        return s
    }

    /// Four hex digits at `i`; `escapeAt` is the offset of the escape's `u`, where the error points.
    private mutating func hex4(escapeAt u: Int) throws(JSONParseError) -> UInt32 {
        guard i + 4 <= buf.count else { throw JSONParseError("Invalid unicode escape", at: u, kind: .invalidUnicodeEscape) }
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let d = HexDigit.value(buf[i]) else { throw JSONParseError("Invalid unicode escape", at: u, kind: .invalidUnicodeEscape) }
            v = v << 4 | UInt32(d)
            i += 1
        }
        return v
    }

    /// The longest number that starts at `i`, as Python's scanner takes it: a fraction or an
    /// exponent without digits is not part of the number (so `1.` is the number `1` followed
    /// by a stray `.`, which the enclosing container then reports), nor is a digit after a
    /// leading `0`.
    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = i
        var isInteger = true
        if buf[i] == UInt8(ascii: "-") { i += 1 }
        guard i < buf.count, isDigit(buf[i]) else { throw JSONParseError("Invalid number", at: start, kind: .expectedValue) }
        if buf[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            while i < buf.count, isDigit(buf[i]) { i += 1 }
        }
        let integerEnd = i
        if i + 1 < buf.count, buf[i] == UInt8(ascii: "."), isDigit(buf[i + 1]) {
            isInteger = false
            i += 2
            while i < buf.count, isDigit(buf[i]) { i += 1 }
        }
        if i < buf.count, buf[i] == UInt8(ascii: "e") || buf[i] == UInt8(ascii: "E") {
            let mark = i
            var j = i + 1
            if j < buf.count, buf[j] == UInt8(ascii: "+") || buf[j] == UInt8(ascii: "-") { j += 1 }
            if j < buf.count, isDigit(buf[j]) {
                isInteger = false
                i = j
                while i < buf.count, isDigit(buf[i]) { i += 1 }
            } else {
                i = mark
            }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<i]), as: UTF8.self)
        if isInteger {
            if let v = Int64(text) { return .int(v) }
            if case .exact(let maxDigits) = options.bigIntegers {
                let digits = integerEnd - start - (buf[start] == UInt8(ascii: "-") ? 1 : 0)
                guard digits <= maxDigits else {
                    throw JSONParseError("Integer has more than \(maxDigits) digits", at: start, kind: .numberTooLong)
                }
                return .bigInt(text)
            }
        }
        guard let d = Double(text) else { throw JSONParseError("Invalid number", at: start, kind: .expectedValue) }
        guard d.isFinite || options.overflowToInfinity else {
            throw JSONParseError("Number out of range", at: start, kind: .numberOutOfRange)
        }
        return .double(d)
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
}
