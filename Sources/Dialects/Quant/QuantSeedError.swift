/// A seed document whose Quant part cannot be loaded; the message names the offending path
/// (`quant.acme[3].progress`) so the user can fix the file.
public struct QuantSeedError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "seed: \(message)" }
}
