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
