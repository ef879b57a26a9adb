import JSON

/// A second JSON reader, written for the fuzzer's oracle only: plain recursive descent over
/// RFC 8259, with the same `JSONParser.Options`, and nothing shared with `JSONParser` but the
/// standard library's number conversions. It is slow and simple on purpose, so that a
/// difference between the two is more likely a bug in the fast one. It answers the value, or
/// whether the first problem (reading left to right) is a limit (`isLimit`) or malformed JSON.
struct JSONReference {
    enum Failure: Error, Equatable { case malformed, limit }

    let bytes: [UInt8]
    let options: JSONParser.Options
    var i = 0

    static func read(_ bytes: [UInt8], options: JSONParser.Options) -> Result<JSONValue, Failure> {
        var r = JSONReference(bytes: bytes, options: options)
        do {
            r.space()
            let v = try r.value(depth: 0)
            r.space()
            guard r.i == bytes.count else { throw Failure.malformed }
            return .success(v)
        } catch let f as Failure {
            return .failure(f)
        } catch {
            return .failure(.malformed)
        }
    }

    private var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    private mutating func space() {
        while let c = peek, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1 }
    }

    private mutating func expect(_ text: String) throws {
        for c in text.utf8 {
            guard peek == c else { throw Failure.malformed }
            i += 1
        }
    }

    /// `depth`: containers already open around this value.
    private mutating func value(depth: Int) throws -> JSONValue {
        guard let c = peek else { throw Failure.malformed }
        switch c {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth < options.maxDepth else { throw Failure.limit }
            i += 1
            space()
            return c == UInt8(ascii: "{") ? try object(depth: depth + 1) : try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "N") where options.nonFiniteLiterals: try expect("NaN"); return .double(.nan)
        case UInt8(ascii: "I") where options.nonFiniteLiterals: try expect("Infinity"); return .double(.infinity)
        default:
            if options.nonFiniteLiterals, bytes[i...].starts(with: "-Infinity".utf8) {
                i += 9
                return .double(-.infinity)
            }
            return try number()
        }
    }

    private mutating func array(depth: Int) throws -> JSONValue {
        var out: [JSONValue] = []
        if peek == UInt8(ascii: "]") { i += 1; return .array(out) }
        while true {
            out.append(try value(depth: depth))
            space()
            if peek == UInt8(ascii: ",") { i += 1; space(); continue }
            try expect("]")
            return .array(out)
        }
    }

    private mutating func object(depth: Int) throws -> JSONValue {
        var out: [String: JSONValue] = [:]
        if peek == UInt8(ascii: "}") { i += 1; return .object(out) }
        while true {
            guard peek == UInt8(ascii: "\"") else { throw Failure.malformed }
            let k = try string()
            space()
            try expect(":")
            space()
            out[k] = try value(depth: depth)
            space()
            if peek == UInt8(ascii: ",") { i += 1; space(); continue }
            try expect("}")
            return .object(out)
        }
    }

    private mutating func hex4() throws -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let c = peek else { throw Failure.malformed }
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw Failure.malformed
            }
            v = v * 16 + d
            i += 1
        }
        return v
    }

    private mutating func string() throws -> String {
        i += 1
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []  // unescaped bytes since the last escape, validated as UTF-8 together
        func flush() throws {
            guard let s = String(validating: raw, as: UTF8.self) else { throw Failure.malformed }
            scalars.append(contentsOf: s.unicodeScalars)
            raw = []
        }
        while true {
            guard let c = peek else { throw Failure.malformed }
            i += 1
            if c == UInt8(ascii: "\"") { try flush(); return String(scalars) }
            if c < 0x20 { throw Failure.malformed }
            if c != UInt8(ascii: "\\") { raw.append(c); continue }
            guard let e = peek else { throw Failure.malformed }
            i += 1
            let simple: [UInt8: UInt8] = [0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x62: 0x08, 0x66: 0x0C, 0x6E: 0x0A, 0x72: 0x0D, 0x74: 0x09]
            if let s = simple[e] { raw.append(s); continue }
            guard e == UInt8(ascii: "u") else { throw Failure.malformed }
            var u = try hex4()
            if (0xD800...0xDBFF).contains(u) {
                if bytes[i...].starts(with: "\\u".utf8) {
                    let back = i
                    i += 2
                    let low = try hex4()
                    if (0xDC00...0xDFFF).contains(low) {
                        u = 0x10000 + (u - 0xD800) * 0x400 + (low - 0xDC00)
                    } else {
                        guard options.acceptsLoneSurrogates else { throw Failure.malformed }
                        i = back
                        u = 0xFFFD
                    }
                } else {
                    guard options.acceptsLoneSurrogates else { throw Failure.malformed }
                    u = 0xFFFD
                }
            } else if (0xDC00...0xDFFF).contains(u) {
                guard options.acceptsLoneSurrogates else { throw Failure.malformed }
                u = 0xFFFD
            }
            guard let scalar = Unicode.Scalar(u) else { throw Failure.malformed }
            raw.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
    }

    /// RFC 8259 `number`, taken as Python's scanner takes it: the longest prefix that is one.
    private mutating func number() throws -> JSONValue {
        let start = i
        func digits() -> Int {
            let s = i
            while let c = peek, c >= 0x30 && c <= 0x39 { i += 1 }
            return i - s
        }
        if peek == UInt8(ascii: "-") { i += 1 }
        guard let first = peek, first >= 0x30 && first <= 0x39 else { throw Failure.malformed }
        let intStart = i
        if first == 0x30 { i += 1 } else { _ = digits() }
        let intDigits = i - intStart
        var integer = true
        if peek == UInt8(ascii: "."), i + 1 < bytes.count, bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39 {
            i += 1
            _ = digits()
            integer = false
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            let mark = i
            i += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
            if digits() == 0 { i = mark } else { integer = false }
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if integer, let v = Int64(text) { return .int(v) }
        if integer, case .exact(let maxDigits) = options.bigIntegers {
            guard intDigits <= maxDigits else { throw Failure.limit }
            return .bigInt(text)
        }
        guard let d = Double(text) else { throw Failure.malformed }
        guard d.isFinite || options.overflowToInfinity else { throw Failure.malformed }
        return .double(d)
    }
}
