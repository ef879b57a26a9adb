import Emulator

/// Ids a client may choose (an agent's `id` on create, seeded task and agent ids).
enum ChosenID {
    /// 1 to 128 characters from `A-Z a-z 0-9 . _ -` (the docs' `movie-script`, UUIDs, cuids).
    static let characters = PlainIdentifier(punctuation: "._-")
    static let rule = characters.rule

    static func isValid(_ s: String) -> Bool { characters.isValid(s) }
}
