/// Byte-level versions of the `String` operations on the request path, split and prefix
/// checks, for the hot path of every request. `Substring.split(separator: Character)` and
/// `hasPrefix` walk grapheme clusters (and `hasPrefix` compares canonically): callgrind showed
/// them at about a fifth of a get request's instructions. On ASCII text (every request target
/// the parser accepts) a byte is a character, so the byte versions give the same answers; any
/// non-ASCII input takes the `String` operation as before.
public enum ASCIIScan {
    /// True if every byte of `s` is ASCII.
    @inline(__always)
    public static func isASCII(_ s: Substring) -> Bool {
        s.utf8.allSatisfy { $0 < 0x80 }
    }

    /// `s.split(separator: sep, omittingEmptySubsequences: true)`.
    public static func split(_ s: Substring, _ sep: UInt8) -> [Substring] {
        guard isASCII(s) else { return s.split(separator: Character(Unicode.Scalar(sep)), omittingEmptySubsequences: true) }
        var out: [Substring] = []
        let u = s.utf8
        var start = u.startIndex
        var i = start
        while i != u.endIndex {
            if u[i] == sep {
                if start != i { out.append(s[start..<i]) }
                start = u.index(after: i)
            }
            i = u.index(after: i)
        }
        if start != u.endIndex { out.append(s[start..<u.endIndex]) }
        return out
    }

    /// `s.hasPrefix(prefix)`, for a `prefix` without CR (route prefixes). Decided on the bytes
    /// when they settle it: bytes that differ where both are ASCII, or an ASCII prefix matched
    /// byte for byte and followed by an ASCII byte (or nothing), which no combining mark can
    /// join. Anything else (non-ASCII involved) asks `String.hasPrefix`.
    public static func hasPrefix(_ s: Substring, _ prefix: String) -> Bool {
        let decided: Bool?? = s.utf8.withContiguousStorageIfAvailable { decide($0, prefix) }
        if let d = decided, let d { return d }
        return s.hasPrefix(prefix)
    }

    /// `hasPrefix(s, prefix)` for a caller that holds `s`'s UTF-8 already (`Router.match`).
    static func hasPrefix(_ s: Substring, utf8 sb: UnsafeBufferPointer<UInt8>, _ prefix: String) -> Bool {
        decide(sb, prefix) ?? s.hasPrefix(prefix)
    }

    /// `hasPrefix`'s answer from the bytes, or nil when they do not settle it.
    private static func decide(_ sb: UnsafeBufferPointer<UInt8>, _ prefix: String) -> Bool? {
        let decided: Bool?? = prefix.utf8.withContiguousStorageIfAvailable { pb -> Bool? in
            var i = 0
            while i < pb.count {
                guard i < sb.count else { return allASCII(sb) && allASCII(pb) ? false : nil }
                let a = sb[i], b = pb[i]
                if a >= 0x80 || b >= 0x80 { return nil }
                if a != b { return false }
                i += 1
            }
            return i < sb.count && sb[i] >= 0x80 ? nil : true
        }
        return decided ?? nil
    }

    @inline(__always)
    static func allASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for c in b where c >= 0x80 { return false }
        return true
    }
}
