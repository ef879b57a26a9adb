/// Hexadecimal digits, both ways. JSON needs them for `\uXXXX` escapes; the router's
/// percent-decoding and the dialects' UUIDs need the same table and the same test, and JSON is
/// the one target all of them already depend on, so they live here once. (`Digest.Hex` keeps
/// its own: the digest target depends on nothing, and should not depend on JSON.)
public enum HexDigit {
    /// `0123456789abcdef`, indexed by a nibble.
    public static let lowercase: [UInt8] = Array("0123456789abcdef".utf8)

    /// The value of one hex digit in either case, or nil for any other byte.
    @inlinable
    public static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c &- 0x30
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c &- 0x61 &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c &- 0x41 &+ 10
        default: return nil
        }
    }

    /// 16 bytes as the canonical UUID text: lower case, hyphenated 8-4-4-4-12.
    public static func uuidString(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(lowercase[Int(b >> 4)])
            out.append(lowercase[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
