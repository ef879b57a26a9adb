/// Path captures of the matched route template, percent-decoded.
public struct Parameters: Sendable, Equatable {
    public private(set) var values: [String: String] = [:]

    public init(_ values: [String: String] = [:]) { self.values = values }

    public subscript(name: String) -> String? { values[name] }

    mutating func set(_ name: String, _ value: String) { values[name] = value }

    /// A typed capture: `ctx.parameters.get("limit", as: Int.self)`; nil if absent or not convertible.
    public func get<T: LosslessStringConvertible>(_ name: String, as type: T.Type) -> T? {
        values[name].flatMap { T($0) }
    }

    /// A capture the route template guarantees. Returns "" only if the template has no such capture,
    /// which is a programming error that tests catch.
    public func require(_ name: String) -> String { values[name] ?? "" }
}
