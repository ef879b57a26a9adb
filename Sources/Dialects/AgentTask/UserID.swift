/// A user of the agent-task dialect: the store tenant. Users are named when their keys are
/// registered (`alice`, `user_42`, an email); in `--auth open` an unregistered key is a user
/// of its own, named after its hash (`key_<12 hex digits>`), never after the key itself.
enum UserID {
    /// 1 to 128 characters from `A-Z a-z 0-9 . _ @ + -`: safe in paths, logs and event ids.
    static func isValid(_ s: String) -> Bool {
        let u = s.utf8
        guard !u.isEmpty, u.count <= 128 else { return false }
        return u.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "@")
                || c == UInt8(ascii: "+") || c == UInt8(ascii: "-")
        }
    }

    static let rule = "1 to 128 characters from A-Z, a-z, 0-9 and . _ @ + -"
}
