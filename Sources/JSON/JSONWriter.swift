/// Appends compact JSON to a byte buffer. This is the response fast path: no Foundation
/// encoder, no intermediate `String`, object keys written in the order the caller gives
/// (`JSONValue` objects are written with sorted keys so output is deterministic).
///
/// Numbers are written in polytask's own layout (`appendDouble`) unless a `numberStyle` says
/// how the emulated backend's runtime writes them (JavaScript's `JSON.stringify`, Python's
/// `json.dumps`, pydantic-core): the style is consulted only for numbers, so writers
/// without one keep the plain fast path.
public struct JSONWriter: Sendable {
    public var bytes: [UInt8]
    /// Whether the next member/element needs a leading comma, one flag per open container.
    private var needsComma: [Bool] = []
    /// How numbers are laid out; nil: `appendInt` / `appendDouble`.
    public var numberStyle: (any JSONNumberStyle)?

    public init(capacity: Int = 512, numberStyle: (any JSONNumberStyle)? = nil) {
        bytes = []
        bytes.reserveCapacity(capacity)
        self.numberStyle = numberStyle
    }

    // MARK: containers

    public mutating func beginObject() { separator(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    public mutating func endObject() { bytes.append(UInt8(ascii: "}")); _ = needsComma.popLast() }
    public mutating func beginArray() { separator(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    public mutating func endArray() { bytes.append(UInt8(ascii: "]")); _ = needsComma.popLast() }

    /// Writes `"key":` inside an object; the value call that follows completes the member.
    public mutating func key(_ k: String) {
        separator()
        Self.appendString(k, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    /// True between a `key(_:)` and its value: that value takes no comma.
    private var afterKey = false

    private mutating func separator() {
        if afterKey { afterKey = false; return }
        guard let last = needsComma.indices.last else { return }
        if needsComma[last] { bytes.append(UInt8(ascii: ",")) } else { needsComma[last] = true }
    }

    // MARK: scalars

    public mutating func null() { separator(); bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]) }
    public mutating func bool(_ b: Bool) {
        separator()
        if b { bytes.append(contentsOf: [0x74, 0x72, 0x75, 0x65]) } else { bytes.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65]) }
    }
    public mutating func int(_ i: Int64) {
        separator()
        if let numberStyle { numberStyle.append(i, to: &bytes) } else { Self.appendInt(i, to: &bytes) }
    }
    public mutating func int(_ i: Int) { int(Int64(i)) }
    public mutating func double(_ d: Double) {
        separator()
        if let numberStyle { numberStyle.append(d, to: &bytes) } else { Self.appendDouble(d, to: &bytes) }
    }
    /// An integer outside `Int64`, given as its decimal text (`JSONValue.bigInt`).
    public mutating func bigInt(_ digits: String) {
        separator()
        if let numberStyle { numberStyle.append(bigInteger: digits, to: &bytes) } else { bytes.append(contentsOf: digits.utf8) }
    }
    public mutating func string(_ s: String) { separator(); Self.appendString(s, to: &bytes) }

    /// Splices already-encoded JSON (one complete value) as the next value.
    public mutating func raw(_ json: String) { separator(); bytes.append(contentsOf: json.utf8) }
    public mutating func raw(_ json: [UInt8]) { separator(); bytes.append(contentsOf: json) }

    /// Splices the members of an already-encoded JSON object (`{...}`) into the object being
    /// written. This is how stored vendor fields reach a response without being parsed.
    public mutating func members(ofObject json: String) {
        var json = json
        json.withUTF8 { buf in
            var lo = 0, hi = buf.count
            while lo < hi, Self.isSpace(buf[lo]) { lo += 1 }
            while hi > lo, Self.isSpace(buf[hi - 1]) { hi -= 1 }
            guard hi - lo >= 2, buf[lo] == UInt8(ascii: "{"), buf[hi - 1] == UInt8(ascii: "}") else { return }
            lo += 1
            hi -= 1
            guard (lo..<hi).contains(where: { !Self.isSpace(buf[$0]) }) else { return }
            separator()
            // One bulk copy: this sits on the list hot path (50 stored objects per response).
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[lo..<hi]))
        }
    }

    @inline(__always)
    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }

    public mutating func value(_ v: JSONValue) {
        switch v {
        case .null: null()
        case .bool(let b): bool(b)
        case .int(let i): int(i)
        case .double(let d): double(d)
        case .bigInt(let digits): bigInt(digits)
        case .string(let s): string(s)
        case .array(let a):
            beginArray()
            for e in a { value(e) }
            endArray()
        case .object(let o):
            beginObject()
            for k in o.keys.sorted() {
                key(k)
                // Force-unwrap-free: the key came from the dictionary.
                value(o[k] ?? .null)
            }
            endObject()
        }
    }

    // MARK: encoding primitives

    /// Appends `s` as a quoted JSON string: `"`, `\` and control characters escaped (the
    /// short forms where JSON has them, else `\u00XX`), everything else copied as UTF-8.
    /// Runs of unescaped bytes go in with one bulk copy and no temporary is allocated, so
    /// renderers that keep their own byte buffer (Quant's get/list path) use it too.
    public static func appendString(_ s: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { buf in
            var start = 0
            for i in 0..<buf.count {
                let c = buf[i]
                if c >= 0x20 && c != 0x22 && c != 0x5C { continue }
                if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<i])) }
                bytes.append(0x5C)
                switch c {
                case 0x22: bytes.append(0x22)
                case 0x5C: bytes.append(0x5C)
                case 0x0A: bytes.append(0x6E)
                case 0x0D: bytes.append(0x72)
                case 0x09: bytes.append(0x74)
                case 0x08: bytes.append(0x62)
                case 0x0C: bytes.append(0x66)
                default:
                    bytes.append(0x75)
                    bytes.append(0x30)
                    bytes.append(0x30)
                    bytes.append(HexDigit.lowercase[Int(c >> 4)])
                    bytes.append(HexDigit.lowercase[Int(c & 0xF)])
                }
                start = i + 1
            }
            if start < buf.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<buf.count])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    public static func appendInt(_ i: Int64, to bytes: inout [UInt8]) {
        if i == 0 { bytes.append(0x30); return }
        var v = i.magnitude
        var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                  UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &tmp) { p in
            while v > 0 { p[19 - n] = UInt8(v % 10) + 0x30; v /= 10; n += 1 }
            if i < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[(20 - n)..<20]))
        }
    }

    /// Shortest round-trip form; integral values within 2^53 are written without ".0"
    /// (as JavaScript and Python's json do), non-finite values as null (JSON has no NaN).
    public static func appendDouble(_ d: Double, to bytes: inout [UInt8]) {
        guard d.isFinite else { bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]); return }
        if d.rounded() == d && abs(d) < 9_007_199_254_740_992 {
            if d == 0 && d.sign == .minus { bytes.append(contentsOf: Array("-0".utf8)); return }
            appendInt(Int64(d), to: &bytes)
            return
        }
        bytes.append(contentsOf: d.description.utf8)
    }
}

/// How a backend's runtime writes numbers into JSON. Each emulated stack has one
/// (`JSNumber.style` for JavaScript, `PythonFloat` styles for FastAPI); the writer calls it
/// for every number once it is set.
public protocol JSONNumberStyle: Sendable {
    func append(_ d: Double, to bytes: inout [UInt8])
    /// Default: the exact decimal integer.
    func append(_ i: Int64, to bytes: inout [UInt8])
    /// Default: the digits as they are (exact).
    func append(bigInteger digits: String, to bytes: inout [UInt8])
}

extension JSONNumberStyle {
    public func append(_ i: Int64, to bytes: inout [UInt8]) { JSONWriter.appendInt(i, to: &bytes) }
    public func append(bigInteger digits: String, to bytes: inout [UInt8]) { bytes.append(contentsOf: digits.utf8) }
}

extension JSONValue {
    /// Compact JSON in the given number style, object keys sorted.
    public func encoded(numberStyle: (any JSONNumberStyle)?) -> [UInt8] {
        var w = JSONWriter(numberStyle: numberStyle)
        w.value(self)
        return w.bytes
    }

    /// Compact JSON bytes, object keys sorted.
    public var encoded: [UInt8] {
        var w = JSONWriter()
        w.value(self)
        return w.bytes
    }

    /// Compact JSON text, object keys sorted.
    public var encodedString: String { String(decoding: encoded, as: UTF8.self) }
}
