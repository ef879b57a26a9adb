/// A bad seed document or control-plane body, with a message a person can act on.
public struct AmigoInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    init(_ message: String) { description = message }
}
