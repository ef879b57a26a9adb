import JSON

/// Numbers as a JavaScript backend writes them: ECMAScript's `Number::toString` (ES2024
/// §6.1.6.1.20), which is what `JSON.stringify` uses for every finite number. The digits are
/// the shortest that round-trip (Swift's `description` finds the same ones); only the layout
/// differs from Swift's and Python's: `1e-7` (not `1e-07`), `1e+21` but `100000000000000000000`
/// below it, `0` for `-0`, and no `.0` on integral values. Non-finite values are `null`, as
/// `JSON.stringify` writes them.
public enum JSNumber {
    public static func append(_ d: Double, to bytes: inout [UInt8]) {
        guard d.isFinite else { bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]); return }
        if d == 0 { bytes.append(UInt8(ascii: "0")); return }
        if d < 0 { bytes.append(UInt8(ascii: "-")) }
        let (digits, n) = ShortestDigits.of(abs(d))
        let k = digits.count
        if k <= n && n <= 21 {
            bytes.append(contentsOf: digits)
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n - k))
        } else if 0 < n && n <= 21 {
            bytes.append(contentsOf: digits[0..<n])
            bytes.append(UInt8(ascii: "."))
            bytes.append(contentsOf: digits[n...])
        } else if -6 < n && n <= 0 {
            bytes.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: ".")])
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -n))
            bytes.append(contentsOf: digits)
        } else {
            bytes.append(digits[0])
            if k > 1 {
                bytes.append(UInt8(ascii: "."))
                bytes.append(contentsOf: digits[1...])
            }
            bytes.append(UInt8(ascii: "e"))
            bytes.append(UInt8(ascii: n - 1 < 0 ? "-" : "+"))
            bytes.append(contentsOf: String(abs(n - 1)).utf8)
        }
    }

    public static func string(_ d: Double) -> String {
        var b: [UInt8] = []
        append(d, to: &b)
        return String(decoding: b, as: UTF8.self)
    }
}

/// `JSON.stringify`'s numbers for a `JSONWriter`: doubles by `JSNumber`, and integers as the
/// double JavaScript holds them (exact up to 2^53; past it, the nearest double, printed as
/// such: 9007199254740993 reads and writes back as 9007199254740992).
public struct JSNumberStyle: JSONNumberStyle {
    public init() {}

    public func append(_ d: Double, to bytes: inout [UInt8]) { JSNumber.append(d, to: &bytes) }

    public func append(_ i: Int64, to bytes: inout [UInt8]) {
        if i.magnitude <= 1 << 53 { JSONWriter.appendInt(i, to: &bytes) } else { JSNumber.append(Double(i), to: &bytes) }
    }

    public func append(bigInteger digits: String, to bytes: inout [UInt8]) {
        JSNumber.append(Double(digits) ?? .nan, to: &bytes)
    }
}

extension JSONNumberStyle where Self == JSNumberStyle {
    /// `JSONWriter(numberStyle: .javaScript)`.
    public static var javaScript: JSNumberStyle { JSNumberStyle() }
}
