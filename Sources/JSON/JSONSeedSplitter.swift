/// Splits a seed document `{"<part>": {"<tenant>": [<item>, ...]}}` into its items while the
/// bytes stream in, so that a large seed (the benchmark's is 6.9 MB, 10,000 tasks) is never
/// held whole, neither as bytes nor as a `JSONValue` tree: each item's bytes are handed out
/// as soon as it is complete, for the caller to parse with `JSONParser` and store in batches.
///
/// Only the three outer levels are tracked here (structure and keys); each emitted value is
/// parsed strictly by the caller, which reports any error inside it. A part or tenant whose
/// value has another shape (an object instead of a list, say) is emitted whole.
public struct JSONSeedSplitter {
    public enum Event: Sendable, Equatable {
        /// One element of the list at `doc[part][tenant]`.
        case item(part: String, tenant: String, bytes: [UInt8])
        /// `doc[part][tenant]` when it is not a list.
        case tenantValue(part: String, tenant: String, bytes: [UInt8])
        /// `doc[part]` when it is not an object.
        case partValue(part: String, bytes: [UInt8])
    }

    private enum Level { case root, part, list }
    private enum Expect { case document, keyOrClose, key, colon, value, valueOrClose, commaOrClose, end }
    private enum Capture { case item, tenant, part }

    private var stack: [Level] = []
    private var expect: Expect = .document
    private var offset = 0

    // Reading a key.
    private var inKey = false
    private var keyEscape = false
    private var keyBytes: [UInt8] = []
    private var lastKey = ""
    private var partName = ""
    private var tenantName = ""

    // Capturing one value whole.
    private var capture: Capture?
    private var captured: [UInt8] = []
    private var captureDepth = 0
    private var captureInString = false
    private var captureEscape = false
    private var captureScalar = false
    private let maxValueBytes: Int

    /// `maxValueBytes` bounds one emitted value (one task object), so a malformed seed that
    /// never closes a bracket cannot grow memory without bound.
    public init(maxValueBytes: Int = 64 << 20) {
        self.maxValueBytes = maxValueBytes
    }

    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ emit: (Event) throws -> Void) throws {
        var i = 0
        while i < chunk.count {
            let c = chunk[i]
            if capture != nil {
                if try captureByte(c, emit) { i += 1 }
                continue
            }
            if inKey {
                try keyByte(c)
                i += 1
                offset += 1
                continue
            }
            try structural(c)
            i += 1
            offset += 1
        }
    }

    /// Call at end of input: fails if the document is incomplete.
    public mutating func finish(_ emit: (Event) throws -> Void) throws {
        if capture != nil && captureScalar { try endCapture(emit) }
        guard expect == .end else { throw JSONParseError("Unexpected end of the seed document", at: offset) }
    }

    // MARK: structure

    private mutating func structural(_ c: UInt8) throws {
        if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { return }
        switch expect {
        case .document:
            guard c == UInt8(ascii: "{") else { throw JSONParseError("A seed document must be a JSON object", at: offset) }
            stack = [.root]
            expect = .keyOrClose
        case .keyOrClose, .key:
            if c == UInt8(ascii: "}") && expect == .keyOrClose {
                try close(c)
                return
            }
            guard c == UInt8(ascii: "\"") else { throw JSONParseError("Expected a string key", at: offset) }
            inKey = true
            keyEscape = false
            keyBytes = []
        case .colon:
            guard c == UInt8(ascii: ":") else { throw JSONParseError("Expected ':'", at: offset) }
            expect = .value
        case .value, .valueOrClose:
            guard let level = stack.last else { throw JSONParseError("Unexpected value", at: offset) }
            switch level {
            case .root:
                partName = lastKey
                if c == UInt8(ascii: "{") {
                    stack.append(.part)
                    expect = .keyOrClose
                } else {
                    try startCapture(c, as: .part)
                }
            case .part:
                tenantName = lastKey
                if c == UInt8(ascii: "[") {
                    stack.append(.list)
                    expect = .valueOrClose
                } else {
                    try startCapture(c, as: .tenant)
                }
            case .list:
                if c == UInt8(ascii: "]") && expect == .valueOrClose {
                    try close(c)
                    return
                }
                try startCapture(c, as: .item)
            }
        case .commaOrClose:
            if c == UInt8(ascii: ",") {
                expect = stack.last == .list ? .value : .key
            } else {
                try close(c)
            }
        case .end:
            throw JSONParseError("Unexpected data after the seed document", at: offset)
        }
    }

    private mutating func close(_ c: UInt8) throws {
        guard let level = stack.last else { throw JSONParseError("Unexpected '\(Character(Unicode.Scalar(c)))'", at: offset) }
        let expected: UInt8 = level == .list ? UInt8(ascii: "]") : UInt8(ascii: "}")
        guard c == expected else { throw JSONParseError("Expected ',' or '\(Character(Unicode.Scalar(expected)))'", at: offset) }
        stack.removeLast()
        expect = stack.isEmpty ? .end : .commaOrClose
    }

    private mutating func keyByte(_ c: UInt8) throws {
        if keyEscape {
            keyEscape = false
            keyBytes.append(c)
        } else if c == UInt8(ascii: "\\") {
            keyEscape = true
            keyBytes.append(c)
        } else if c == UInt8(ascii: "\"") {
            inKey = false
            // Decode escapes (rare in keys) with the strict parser, and refuse what it refuses:
            // a key that is not valid JSON (bytes that are not UTF-8, a control character, a bad
            // escape) made the whole document invalid, but it used to be read leniently and the
            // seed loaded (found by SeedFuzz: Tests/FuzzTests/Regressions/seed/invalid-utf8-key).
            let quoted = [UInt8(ascii: "\"")] + keyBytes + [UInt8(ascii: "\"")]
            guard let key = (try? JSONParser.parse(quoted))?.stringValue else {
                throw JSONParseError("Invalid string key", at: offset - quoted.count + 1)
            }
            lastKey = key
            expect = .colon
        } else {
            keyBytes.append(c)
        }
    }

    // MARK: capturing a value

    private mutating func startCapture(_ c: UInt8, as kind: Capture) throws {
        capture = kind
        captured = [c]
        captureDepth = (c == UInt8(ascii: "{") || c == UInt8(ascii: "[")) ? 1 : 0
        captureInString = c == UInt8(ascii: "\"")
        captureEscape = false
        captureScalar = captureDepth == 0 && !captureInString
    }

    /// Returns whether `c` was consumed (a scalar ends at the delimiter that follows it,
    /// which is then handled structurally).
    private mutating func captureByte(_ c: UInt8, _ emit: (Event) throws -> Void) throws -> Bool {
        if captureScalar {
            switch c {
            case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09:
                try endCapture(emit)
                return false
            default:
                try append(c)
                return true
            }
        }
        try append(c)
        if captureInString {
            if captureEscape {
                captureEscape = false
            } else if c == UInt8(ascii: "\\") {
                captureEscape = true
            } else if c == UInt8(ascii: "\"") {
                captureInString = false
                if captureDepth == 0 { try endCapture(emit) }
            }
            return true
        }
        switch c {
        case UInt8(ascii: "\""): captureInString = true
        case UInt8(ascii: "{"), UInt8(ascii: "["): captureDepth += 1
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            captureDepth -= 1
            if captureDepth == 0 { try endCapture(emit) }
        default: break
        }
        return true
    }

    private mutating func append(_ c: UInt8) throws {
        offset += 1
        guard captured.count < maxValueBytes else {
            throw JSONParseError("A seed value is larger than \(maxValueBytes) bytes", at: offset)
        }
        captured.append(c)
    }

    private mutating func endCapture(_ emit: (Event) throws -> Void) throws {
        guard let kind = capture else { return }
        capture = nil
        let bytes = captured
        captured = []
        expect = .commaOrClose
        switch kind {
        case .item: try emit(.item(part: partName, tenant: tenantName, bytes: bytes))
        case .tenant: try emit(.tenantValue(part: partName, tenant: tenantName, bytes: bytes))
        case .part: try emit(.partValue(part: partName, bytes: bytes))
        }
    }
}
