import JSON

/// Percent-decoding (RFC 3986 §2.1). Returns nil for a malformed escape or for bytes that are
/// not UTF-8, so that the caller can answer 400/404 instead of guessing.
public enum PercentDecoding {
    public static func decode<S: StringProtocol>(_ s: S, plusAsSpace: Bool = false) -> String? {
        let utf8 = s.utf8
        if !utf8.contains(UInt8(ascii: "%")) && !(plusAsSpace && utf8.contains(UInt8(ascii: "+"))) {
            return String(s)
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var it = utf8.makeIterator()
        while let c = it.next() {
            if c == UInt8(ascii: "%") {
                guard let h = it.next(), let l = it.next(), let hv = HexDigit.value(h), let lv = HexDigit.value(l) else { return nil }
                out.append(hv << 4 | lv)
            } else if plusAsSpace && c == UInt8(ascii: "+") {
                out.append(0x20)
            } else {
                out.append(c)
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    /// Python's `urllib.parse.unquote` (what uvicorn applies to the request path): every
    /// well-formed `%XX` is decoded, a malformed one stays as it is, and decoded bytes that
    /// are not UTF-8 become U+FFFD (maximal subparts, as Python's `errors="replace"` does).
    public static func decodeLeniently<S: StringProtocol>(_ s: S) -> String {
        let utf8 = s.utf8
        guard utf8.contains(UInt8(ascii: "%")) else { return String(s) }
        let bytes = Array(utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
               let hv = HexDigit.value(bytes[i + 1]), let lv = HexDigit.value(bytes[i + 2]) {
                out.append(hv << 4 | lv)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

