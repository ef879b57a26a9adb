import JSON

/// Numbers as a FastAPI backend writes them. Integers are exact at any size (Python's `int`);
/// floats have the shortest round-trip digits (as everywhere) in one of two layouts, because
/// a FastAPI answer is written by one of two serialisers (measured on FastAPI 0.136.1 with
/// pydantic-core 2.46.4, see Tests/oracle):
///
/// - `PythonReprStyle`: `json.dumps`, which Starlette's `JSONResponse` uses for error bodies
///   (the `input` of a 422): `repr(float)`, so `1e-07`, `1e+16`, `1500.0`, `0.0001`.
/// - `PydanticJSONStyle`: pydantic-core's serialiser, which FastAPI uses for a declared
///   response model: `1e-7`, `1e+16`, `1500.0`, `0.00001` (ryu's layout, with a `+` on positive
///   exponents), and `null` for a non-finite value.
public enum PythonFloat {
    /// `repr(d)`: exponent form when the decimal point falls 4 or more places before the
    /// first digit or more than 16 after it, with a signed two-digit-minimum exponent;
    /// otherwise positional, always with a fraction (`5.0`). Non-finite values have no JSON
    /// form (`json.dumps(..., allow_nan=False)` raises): callers check `isFinite` first.
    public static func repr(_ d: Double) -> String {
        var b: [UInt8] = []
        appendRepr(d, to: &b)
        return String(decoding: b, as: UTF8.self)
    }

    public static func appendRepr(_ d: Double, to bytes: inout [UInt8]) {
        guard d.isFinite else { bytes.append(contentsOf: Array((d.isNaN ? "NaN" : d < 0 ? "-Infinity" : "Infinity").utf8)); return }
        if d.sign == .minus { bytes.append(UInt8(ascii: "-")) }
        guard d != 0 else { bytes.append(contentsOf: Array("0.0".utf8)); return }
        let (digits, n) = ShortestDigits.of(abs(d))
        if n <= -4 || n > 16 {
            exponentForm(digits, exponent: n - 1, minimumExponentDigits: 2, to: &bytes)
        } else {
            positional(digits, n, to: &bytes)
        }
    }

    /// pydantic-core's layout (ryu's `format64` plus a `+` on positive exponents).
    public static func pydantic(_ d: Double) -> String {
        var b: [UInt8] = []
        appendPydantic(d, to: &b)
        return String(decoding: b, as: UTF8.self)
    }

    public static func appendPydantic(_ d: Double, to bytes: inout [UInt8]) {
        guard d.isFinite else { bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]); return }
        if d.sign == .minus { bytes.append(UInt8(ascii: "-")) }
        guard d != 0 else { bytes.append(contentsOf: Array("0.0".utf8)); return }
        let (digits, n) = ShortestDigits.of(abs(d))
        if -5 < n && n <= 16 {
            positional(digits, n, to: &bytes)
        } else {
            exponentForm(digits, exponent: n - 1, minimumExponentDigits: 1, to: &bytes)
        }
    }

    /// `ddd.0`, `d.dd` or `0.000ddd`.
    private static func positional(_ digits: [UInt8], _ n: Int, to bytes: inout [UInt8]) {
        let k = digits.count
        if n <= 0 {
            bytes.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: ".")])
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -n))
            bytes.append(contentsOf: digits)
        } else if n >= k {
            bytes.append(contentsOf: digits)
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n - k))
            bytes.append(contentsOf: [UInt8(ascii: "."), UInt8(ascii: "0")])
        } else {
            bytes.append(contentsOf: digits[0..<n])
            bytes.append(UInt8(ascii: "."))
            bytes.append(contentsOf: digits[n...])
        }
    }

    /// `d[.ddd]e±x`.
    private static func exponentForm(_ digits: [UInt8], exponent e: Int, minimumExponentDigits: Int, to bytes: inout [UInt8]) {
        bytes.append(digits[0])
        if digits.count > 1 {
            bytes.append(UInt8(ascii: "."))
            bytes.append(contentsOf: digits[1...])
        }
        bytes.append(UInt8(ascii: "e"))
        bytes.append(UInt8(ascii: e < 0 ? "-" : "+"))
        let text = Array(String(abs(e)).utf8)
        if text.count < minimumExponentDigits {
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: minimumExponentDigits - text.count))
        }
        bytes.append(contentsOf: text)
    }
}

/// `json.dumps` numbers: exact integers, `repr` floats (see `PythonFloat`).
public struct PythonReprStyle: JSONNumberStyle {
    public init() {}
    public func append(_ d: Double, to bytes: inout [UInt8]) { PythonFloat.appendRepr(d, to: &bytes) }
}

/// pydantic-core's JSON numbers: exact integers, ryu-style floats (see `PythonFloat`).
public struct PydanticJSONStyle: JSONNumberStyle {
    public init() {}
    public func append(_ d: Double, to bytes: inout [UInt8]) { PythonFloat.appendPydantic(d, to: &bytes) }
}

extension JSONNumberStyle where Self == PythonReprStyle {
    /// `JSONWriter(numberStyle: .pythonRepr)`: what `json.dumps` writes (FastAPI's error bodies).
    public static var pythonRepr: PythonReprStyle { PythonReprStyle() }
}

extension JSONNumberStyle where Self == PydanticJSONStyle {
    /// `JSONWriter(numberStyle: .pydantic)`: what a FastAPI response model is written as.
    public static var pydantic: PydanticJSONStyle { PydanticJSONStyle() }
}
