import Emulator
import JSON

/// Fresh task ids: random (version 4) UUIDs in lowercase, as in the vendor's examples
/// (`550e8400-e29b-41d4-a716-446655440000`), from the emulator's one source of randomness
/// (so `--random-seed` makes them reproducible).
enum QuantTaskID {
    static func make() -> String { Randomness.shared.uuid4() }

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
