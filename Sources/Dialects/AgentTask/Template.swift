/// The engine's templating: `{field}` in a prompt node's strings is replaced at run time by the
/// value of `field` in the run's context (the agent's variables, the run's input, and the
/// outputs of the nodes before). A field is an identifier (`[A-Za-z_][A-Za-z0-9_]*`), so JSON
/// in a prompt (`{"characters": [...]}`) is left alone; an unknown field stays as written.
enum Template {
    /// The fields `text` refers to, in order of first appearance.
    static func fields(_ text: String) -> [String] {
        var out: [String] = []
        scan(text) { name in
            if !out.contains(name) { out.append(name) }
            return nil
        }
        return out
    }

    /// `text` with every known field replaced.
    static func render(_ text: String, _ context: [String: String]) -> String {
        scan(text) { context[$0] }
    }

    /// Walks `text`, calling `replace` for each `{identifier}`; a non-nil answer replaces it.
    /// Returns the text with the replacements made.
    @discardableResult
    private static func scan(_ text: String, _ replace: (String) -> String?) -> String {
        let b = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "{"), let end = identifierEnd(b, from: i + 1), end < b.count, b[end] == UInt8(ascii: "}") {
                let name = String(decoding: b[(i + 1)..<end], as: UTF8.self)
                if let v = replace(name) {
                    out.append(contentsOf: v.utf8)
                } else {
                    out.append(contentsOf: b[i...end])
                }
                i = end + 1
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The index after an identifier starting at `start`, or nil if none starts there.
    private static func identifierEnd(_ b: [UInt8], from start: Int) -> Int? {
        guard start < b.count, isHead(b[start]) else { return nil }
        var j = start + 1
        while j < b.count, isHead(b[j]) || (b[j] >= 0x30 && b[j] <= 0x39) { j += 1 }
        return j
    }

    private static func isHead(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "_")
    }
}
