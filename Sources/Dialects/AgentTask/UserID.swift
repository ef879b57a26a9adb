import Emulator

/// A user of the agent-task dialect: the store tenant. Users are named when their keys are
/// registered (`alice`, `user_42`, an email); in `--auth open` an unregistered key is a user
/// of its own, named after its hash (`key_<12 hex digits>`), never after the key itself.
enum UserID {
    /// 1 to 128 characters from `A-Z a-z 0-9 . _ @ + -`: safe in paths, logs and event ids.
    static let characters = PlainIdentifier(punctuation: "._@+-")
    static let rule = characters.rule

    static func isValid(_ s: String) -> Bool { characters.isValid(s) }
}
