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

/// The shortest decimal digits that round-trip a positive finite double, and the position of
/// the decimal point: the value is `0.d1d2...dk × 10^n`... written as digits `d1...dk` with `n`
/// digits before the point (ECMAScript's `s`, `k` and `n`).
public enum ShortestDigits {
    public static func of(_ d: Double) -> (digits: [UInt8], pointPosition: Int) {
        // Swift's description is the shortest round-trip form, as `1.2345e-07`, `123.45`
        // or `5.0`: take its digits and exponent apart and re-place the point.
        let text = Array(d.description.utf8)
        var mantissa = text[...]
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            mantissa = text[..<e]
            exponent = Int(String(decoding: text[(e + 1)...], as: UTF8.self)) ?? 0
        }
        var digits: [UInt8] = []
        digits.reserveCapacity(mantissa.count)
        var point = mantissa.count
        for (i, c) in mantissa.enumerated() {
            if c == UInt8(ascii: ".") { point = i } else { digits.append(c) }
        }
        var position = point + exponent
        var lead = 0
        while lead < digits.count - 1 && digits[lead] == UInt8(ascii: "0") { lead += 1 }
        digits.removeFirst(lead)
        position -= lead
        while digits.count > 1 && digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return (digits, position)
    }
}
