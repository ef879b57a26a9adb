/// Header fields in the order received. Lookups are case-insensitive (RFC 9110 §5.1);
/// names are kept as sent so a journal shows what the client wrote.
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    public private(set) var fields: [(name: String, value: String)] = []

    public init() {}
    public init(_ fields: [(String, String)]) { for (n, v) in fields { add(name: n, value: v) } }

    public static func == (l: HTTPHeaders, r: HTTPHeaders) -> Bool {
        l.fields.count == r.fields.count && zip(l.fields, r.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    public var count: Int { fields.count }

    public mutating func add(name: String, value: String) { fields.append((name, value)) }

    /// Replaces every field of this name with one.
    public mutating func replaceOrAdd(name: String, value: String) {
        remove(name: name)
        fields.append((name, value))
    }

    public mutating func remove(name: String) {
        fields.removeAll { Self.equalsIgnoringCase($0.name, name) }
    }

    /// The first value of the field, if any.
    public subscript(name: String) -> String? {
        for f in fields where Self.equalsIgnoringCase(f.name, name) { return f.value }
        return nil
    }

    /// Every value of the field, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { Self.equalsIgnoringCase($0.name, name) }.map(\.value)
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// True if a comma-separated list header (`Connection`, `Transfer-Encoding`) has `token`.
    public func hasToken(_ token: String, in name: String) -> Bool {
        for v in values(name) {
            for part in v.split(separator: ",") {
                if Self.equalsIgnoringCase(part.trimmingSpaces, token) { return true }
            }
        }
        return false
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    /// A field name a response may carry: a non-empty token (RFC 9110 §5.1).
    public static func isValidName<S: StringProtocol>(_ name: S) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(RequestParser.isTokenChar)
    }

    /// A field value a response may carry: visible ASCII, spaces and tabs, no CR or LF, so that
    /// a value taken from a client (a fault rule's headers) cannot split the response.
    public static func isValidValue<S: StringProtocol>(_ value: S) -> Bool {
        value.utf8.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 < 0x7F) }
    }

    /// ASCII case-insensitive comparison without allocating.
    public static func equalsIgnoringCase<A: StringProtocol, B: StringProtocol>(_ a: A, _ b: B) -> Bool {
        let x = a.utf8, y = b.utf8
        guard x.count == y.count else { return false }
        // Native strings: compare the two byte buffers directly (every header lookup of every
        // request comes here; the generic zip cost about 19,000 instructions a get request).
        let fast: Bool?? = x.withContiguousStorageIfAvailable { px in
            y.withContiguousStorageIfAvailable { py in equalBytesIgnoringCase(px, py) }
        }
        if let f = fast, let f { return f }
        for (p, q) in zip(x, y) where !equalIgnoringCase(p, q) { return false }
        return true
    }
}

extension HTTPHeaders {
    /// ASCII case-insensitive equality of two byte buffers of the same length.
    @inline(__always)
    static func equalBytesIgnoringCase(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        for i in 0..<x.count where !equalIgnoringCase(x[i], y[i]) { return false }
        return true
    }

    /// Two bytes equal after folding ASCII upper case to lower case.
    @inline(__always)
    static func equalIgnoringCase(_ p: UInt8, _ q: UInt8) -> Bool {
        if p == q { return true }
        let lp = (p >= 0x41 && p <= 0x5A) ? p | 0x20 : p
        let lq = (q >= 0x41 && q <= 0x5A) ? q | 0x20 : q
        return lp == lq
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces and tabs (OWS, RFC 9110 §5.6.3).
    public var trimmingSpaces: Substring {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
