import JSON

/// Fresh task ids: random (version 4) UUIDs in lowercase, as in the vendor's examples
/// (`550e8400-e29b-41d4-a716-446655440000`). Built without Foundation.
enum QuantTaskID {
    static func make() -> String {
        var g = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<16 { bytes[i] = g.next() }
        bytes[6] = (bytes[6] & 0x0F) | 0x40   // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80   // RFC 4122 variant
        return HexDigit.uuidString(bytes)
    }

    /// True for the textual UUID form `8-4-4-4-12` hex digits (any case), the spec's
    /// `format: uuid`.
    static func isUUID<S: StringProtocol>(_ s: S) -> Bool {
        let u = s.utf8
        guard u.count == 36 else { return false }
        for (i, c) in u.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if c != UInt8(ascii: "-") { return false }
            } else if HexDigit.value(c) == nil {
                return false
            }
        }
        return true
    }
}
