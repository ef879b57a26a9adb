/// The identifiers clients name where the vendor leaves the alphabet open (users, organisations,
/// chosen ids): 1 to 128 characters from ASCII letters, digits and a few punctuation marks, so
/// that they are safe in paths, logs, event ids and store keys. Each dialect picks its marks.
public struct PlainIdentifier: Sendable {
    public static let maxLength = 128

    /// The punctuation allowed besides letters and digits, in the order the rule names it.
    public let punctuation: [UInt8]

    public init(punctuation: String) { self.punctuation = Array(punctuation.utf8) }

    public func isValid(_ s: String) -> Bool {
        let u = s.utf8
        guard !u.isEmpty, u.count <= Self.maxLength else { return false }
        return u.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || punctuation.contains(c)
        }
    }

    /// The rule, for messages: `1 to 128 characters from A-Z, a-z, 0-9 and . _ -`.
    public var rule: String {
        "1 to \(Self.maxLength) characters from A-Z, a-z, 0-9 and " + punctuation.map { String(decoding: [$0], as: UTF8.self) }.joined(separator: " ")
    }
}
