/// Fresh task ids: random (version 4) UUIDs in lowercase, as in the vendor's examples
/// (`550e8400-e29b-41d4-a716-446655440000`). Built without Foundation.
enum QuantTaskID {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    static func make() -> String {
        var g = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<16 { bytes[i] = g.next() }
        bytes[6] = (bytes[6] & 0x0F) | 0x40   // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80   // RFC 4122 variant
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True for the textual UUID form `8-4-4-4-12` hex digits (any case), the spec's
    /// `format: uuid`.
    static func isUUID<S: StringProtocol>(_ s: S) -> Bool {
        let u = s.utf8
        guard u.count == 36 else { return false }
        for (i, c) in u.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if c != UInt8(ascii: "-") { return false }
            } else if !((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)) {
                return false
            }
        }
        return true
    }
}
