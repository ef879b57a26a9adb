/// Ids a client may choose (an agent's `id` on create, seeded task and agent ids).
enum ChosenID {
    /// 1 to 128 characters from `A-Z a-z 0-9 . _ -` (the docs' `movie-script`, UUIDs, cuids).
    static func isValid(_ s: String) -> Bool {
        let u = s.utf8
        guard !u.isEmpty, u.count <= 128 else { return false }
        return u.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
        }
    }

    static let rule = "1 to 128 characters from A-Z, a-z, 0-9 and . _ -"
}
