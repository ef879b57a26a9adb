/// One segment of a path being matched (`PathSegments`).
enum PathSegment {
    /// A segment of an ASCII path without escapes, as bytes of the path: its text as it is.
    case bytes(UnsafeBufferPointer<UInt8>)
    /// A segment as text (decoded, or of a path that is not ASCII).
    case text(String)

    var isEmpty: Bool {
        switch self {
        case .bytes(let b): return b.isEmpty
        case .text(let s): return s.isEmpty
        }
    }

    /// The segment's text: a capture's value.
    var text: String {
        switch self {
        case .bytes(let b): return String(decoding: b, as: UTF8.self)
        case .text(let s): return s
        }
    }

    /// Whether the segment is `literal`, as `String`'s `==` decides (canonical equivalence).
    func equals(_ literal: Router.Literal) -> Bool {
        switch self {
        case .bytes(let b):
            // Two ASCII texts are canonically equivalent exactly when their bytes are equal. A
            // literal that is not ASCII can still equal ASCII text (U+212A KELVIN SIGN is "K"):
            // then `String` decides.
            guard let l = literal.ascii else { return text == literal.text }
            guard l.count == b.count else { return false }
            for i in 0..<b.count where l[i] != b[i] { return false }
            return true
        case .text(let s):
            return s == literal.text
        }
    }
}

/// The segments of a path as the router matches them, read by position (the first is at 0).
/// An ASCII path without '%' (nearly every request) is split on its '/' bytes as matching goes,
/// with no allocation; any other path comes as the segments `Router` decoded beforehand.
struct PathSegments {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let texts: [String]?

    /// The segments of an ASCII path without '%': runs of bytes between '/' (empty ones skipped).
    init(asciiWithoutEscapes bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.texts = nil
    }

    /// Segments already split and decoded.
    init(texts: [String]) {
        self.bytes = UnsafeBufferPointer(start: nil, count: 0)
        self.texts = texts
    }

    /// The segment at `position` and the position of the one after it; nil past the last.
    func segment(at position: Int) -> (segment: PathSegment, next: Int)? {
        if let texts { return position < texts.count ? (.text(texts[position]), position + 1) : nil }
        // Positions are byte offsets: a segment starts after the '/' bytes at `position`.
        let slash = UInt8(ascii: "/")
        var start = position
        while start < bytes.count && bytes[start] == slash { start += 1 }
        guard start < bytes.count else { return nil }
        var end = start + 1
        while end < bytes.count && bytes[end] != slash { end += 1 }
        return (.bytes(UnsafeBufferPointer(rebasing: bytes[start..<end])), end)
    }
}

/// What `Router.match` needs to know about a path's bytes, found in one pass.
struct PathScan {
    var ascii = true
    var hasPercent = false
    var hasDoubledSlash = false

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var all: UInt8 = 0
        var previous: UInt8 = 0
        for c in bytes {
            all |= c
            if c == UInt8(ascii: "%") {
                hasPercent = true
            } else if c == UInt8(ascii: "/") && previous == c {
                hasDoubledSlash = true
            }
            previous = c
        }
        ascii = all < 0x80
    }

    /// Whether the path may read otherwise once decoded, doubled slashes as one
    /// (`Router.routedOwner(of:)`).
    var mayDifferWhenRouted: Bool { hasPercent || hasDoubledSlash }
}
