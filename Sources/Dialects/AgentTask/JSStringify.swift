import JSBackend
import JSON

/// What the vendor's Next.js backend does with the values a client sends: `JSON.stringify`
/// writes numbers in JavaScript's layout (`JSONWriter(numberStyle: .javaScript)`: `1`, `0.7`,
/// `1e-7`), and a template substitutes a scalar as `String(x)` does.
enum JSStringify {
    static func bytes(_ v: JSONValue) -> [UInt8] { v.encoded(numberStyle: .javaScript) }

    static func text(_ v: JSONValue) -> String { String(decoding: bytes(v), as: UTF8.self) }

    /// `String(x)` in JavaScript for the scalars a run's input may hold: what a template
    /// substitutes. Nil for null, arrays and objects.
    static func scalarText(_ v: JSONValue) -> String? {
        if let s = v.stringValue { return s }
        if let b = v.boolValue { return b ? "true" : "false" }
        if v.isNumber { return text(v) }
        return nil
    }
}
