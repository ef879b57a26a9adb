import JSON

/// Validates a path `workspace_id` the way pydantic-core does for a `UUID` field: it accepts
/// what the Rust `uuid` crate's `parse_str` accepts (hyphenated, simple 32-hex, `{braced}`,
/// `urn:uuid:` prefixed, either case) and otherwise reports the crate's own diagnosis:
/// `Input should be a valid UUID, invalid character: found `n` at 1`.
///
/// As pydantic-core 2.46.4 (pydantic 2.13.4) reports it, measured with the oracle
/// (Tests/oracle): the character index is 1-based and counts bytes from the start of the
/// text, prefix included (`{x}` gives "at 2"), except for a 38-byte `{...}` or a 45-byte
/// `urn:uuid:...`, whose inner 36 bytes the crate tried as a hyphenated UUID and then
/// diagnoses on their own (`{0000000g-...}` gives "at 8"). Lengths are byte counts, as in Rust.
public enum PydanticUUID {
    /// The canonical (lower-case, hyphenated) form, or the pydantic error text after
    /// "Input should be a valid UUID, ".
    public static func parse(_ s: String) -> Result<String, UUIDError> {
        let b = Array(s.utf8)
        let inner: ArraySlice<UInt8>?
        switch b.count {
        case 32: if let bytes = simple(b[...]) { return .success(HexDigit.uuidString(bytes)) }; inner = nil
        case 36: inner = b[...]
        case 38 where b.first == UInt8(ascii: "{") && b.last == UInt8(ascii: "}"): inner = b[1..<37]
        case 45 where b.starts(with: urnPrefix): inner = b[9...]
        default: inner = nil
        }
        if let inner, let bytes = hyphenated(inner) { return .success(HexDigit.uuidString(bytes)) }
        if let inner, b.count != 36 { return .failure(diagnose(String(decoding: inner, as: UTF8.self))) }
        return .failure(diagnose(s))
    }

    /// The crate's error kinds, with its wording.
    public struct UUIDError: Error, Equatable, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// The 422 issue FastAPI reports for a bad path parameter.
    public static func issue(_ input: String, location: String, _ error: UUIDError) -> ValidationIssue {
        ValidationIssue(type: "uuid_parsing", loc: [.key("path"), .key(location)],
                        msg: "Input should be a valid UUID, \(error.description)", input: .string(input),
                        ctx: [("error", .string(error.description))])
    }

    private static let urnPrefix = Array("urn:uuid:".utf8)

    private static func simple(_ s: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(16)
        var i = s.startIndex
        while i < s.endIndex {
            guard let hi = HexDigit.value(s[i]), let lo = HexDigit.value(s[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    /// 8-4-4-4-12 with hyphens at offsets 8, 13, 18 and 23.
    private static func hyphenated(_ s: ArraySlice<UInt8>) -> [UInt8]? {
        guard s.count == 36 else { return nil }
        var hex: [UInt8] = []
        hex.reserveCapacity(32)
        for (n, c) in s.enumerated() {
            if n == 8 || n == 13 || n == 18 || n == 23 {
                guard c == UInt8(ascii: "-") else { return nil }
            } else {
                hex.append(c)
            }
        }
        return simple(hex[...])
    }

    /// The crate's `InvalidUuid::into_err`: find the first bad character (1-based index), else
    /// count hyphens, else find the group with the wrong length.
    private static func diagnose(_ s: String) -> UUIDError {
        let all = Array(s.utf8)
        var text = Substring(s)
        var offset = 0
        var simpleForm = true
        if all.count >= 2, all.first == UInt8(ascii: "{"), all.last == UInt8(ascii: "}") {
            text = text.dropFirst().dropLast()
            offset = 1
            simpleForm = false
        } else if all.starts(with: urnPrefix) {
            text = text.dropFirst(urnPrefix.count)
            offset = urnPrefix.count
            simpleForm = false
        }
        var hyphens = 0
        var bounds = [0, 0, 0, 0]
        var index = 0  // byte index into `text`
        for ch in text.unicodeScalars {
            if !ch.isASCII {
                return UUIDError(description: "invalid character: found `\(Character(ch))` at \(index + offset + 1)")
            }
            let byte = UInt8(ch.value)
            if byte == UInt8(ascii: "-") {
                if hyphens < 4 { bounds[hyphens] = index }
                hyphens += 1
            } else if HexDigit.value(byte) == nil {
                return UUIDError(description: "invalid character: found `\(Character(ch))` at \(index + offset + 1)")
            }
            index += String(ch).utf8.count
        }
        if hyphens == 0 && simpleForm {
            return UUIDError(description: "invalid length: expected length 32 for simple format, found \(all.count)")
        }
        if hyphens != 4 {
            return UUIDError(description: "invalid group count: expected 5, found \(hyphens + 1)")
        }
        let starts = [0, 9, 14, 19, 24]
        let expected = [8, 4, 4, 4, 12]
        for g in 0..<4 where bounds[g] != starts[g + 1] - 1 {
            return UUIDError(description: "invalid group length in group \(g): expected \(expected[g]), found \(bounds[g] - starts[g])")
        }
        return UUIDError(description: "invalid group length in group 4: expected 12, found \(all.count - starts[4])")
    }
}
