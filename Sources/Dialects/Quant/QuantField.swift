/// One field of a request body, after validation: not sent, sent as `null`, or a value.
/// Update needs all three (`null` clears a nullable field; absent leaves it alone).
enum QuantField<T: Sendable>: Sendable {
    case absent
    case null
    case value(T)

    /// The value if one was sent.
    var value: T? { if case .value(let v) = self { return v } else { return nil } }

    var isAbsent: Bool { if case .absent = self { return true } else { return false } }
}
