/// Path captures of the matched route template, percent-decoded.
public struct Parameters: Sendable, Equatable {
    /// The captures, one per name, in no particular order. A route has a few: a scan finds one
    /// for less than hashing the name (SipHash) for a dictionary.
    private var pairs: [(name: String, value: String)] = []

    /// The captures by name.
    public var values: [String: String] {
        Dictionary(pairs, uniquingKeysWith: { _, last in last })
    }

    public init(_ values: [String: String] = [:]) {
        pairs = values.map { ($0.key, $0.value) }
    }

    public subscript(name: String) -> String? {
        for p in pairs where p.name == name { return p.value }
        return nil
    }

    /// Stores `value` unless `name` already has one (the router stores captures right to left).
    mutating func setUnlessPresent(_ name: String, _ value: String) {
        if self[name] == nil { pairs.append((name, value)) }
    }

    /// Room for `count` captures.
    mutating func reserve(_ count: Int) {
        pairs.reserveCapacity(count)
    }

    /// A typed capture: `ctx.parameters.get("limit", as: Int.self)`; nil if absent or not convertible.
    public func get<T: LosslessStringConvertible>(_ name: String, as type: T.Type) -> T? {
        self[name].flatMap { T($0) }
    }

    /// A capture the route template guarantees. Returns "" only if the template has no such capture,
    /// which is a programming error that tests catch.
    public func require(_ name: String) -> String { self[name] ?? "" }

    /// Equal when they hold the same captures (names are unique, so order does not matter).
    public static func == (lhs: Parameters, rhs: Parameters) -> Bool {
        lhs.pairs.count == rhs.pairs.count && lhs.pairs.allSatisfy { rhs[$0.name] == $0.value }
    }
}
