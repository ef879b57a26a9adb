/// A parsed query string (`application/x-www-form-urlencoded` rules: `&`-separated, `+` is a
/// space, percent-escapes decoded). Repeated keys keep every value, in order.
public struct Query: Sendable, Equatable {
    public private(set) var items: [(name: String, value: String)]

    public static func == (l: Query, r: Query) -> Bool {
        l.items.count == r.items.count && zip(l.items, r.items).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    public init(items: [(String, String)] = []) { self.items = items.map { (name: $0.0, value: $0.1) } }

    /// Parses a raw query. Items that do not decode are kept raw rather than dropped.
    public init<S: StringProtocol>(parsing raw: S) {
        items = []
        guard !raw.isEmpty else { return }
        let raw = Substring(raw)
        // Bytes, not characters, on ASCII (every target the parser accepts): see ASCIIScan.
        let ascii = ASCIIScan.isASCII(raw)
        for part in ASCIIScan.split(raw, UInt8(ascii: "&")) {
            let name: Substring
            let value: Substring
            if let eq = ascii ? part.utf8.firstIndex(of: UInt8(ascii: "=")) : part.firstIndex(of: "=") {
                name = part[..<eq]
                value = part[part.utf8.index(after: eq)...]
            } else {
                name = part
                value = ""
            }
            let n = PercentDecoding.decode(name, plusAsSpace: true) ?? String(name)
            let v = PercentDecoding.decode(value, plusAsSpace: true) ?? String(value)
            items.append((n, v))
        }
    }

    /// The first value for `name`.
    public subscript(name: String) -> String? { items.first { $0.name == name }?.value }

    /// Every value for `name`.
    public func values(_ name: String) -> [String] { items.filter { $0.name == name }.map(\.value) }

    public func contains(_ name: String) -> Bool { items.contains { $0.name == name } }
}
