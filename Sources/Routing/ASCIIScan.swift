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

    /// `s.hasPrefix(prefix)` for an ASCII `prefix`.
    public static func hasPrefix(_ s: Substring, _ prefix: String) -> Bool {
        let u = s.utf8, p = prefix.utf8
        guard u.starts(with: p) else {
            // Bytes differ: so do the characters, unless a non-ASCII byte is involved.
            return isASCII(s) && p.allSatisfy({ $0 < 0x80 }) ? false : s.hasPrefix(prefix)
        }
        // Equal bytes: one character each, unless what follows could join the last one
        // (a combining mark is non-ASCII) or the prefix itself is not ASCII.
        let next = u.index(u.startIndex, offsetBy: p.count)
        if next != u.endIndex, u[next] >= 0x80 { return s.hasPrefix(prefix) }
        return p.allSatisfy({ $0 < 0x80 }) ? true : s.hasPrefix(prefix)
    }
}
