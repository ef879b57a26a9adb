import JSBackend
import JSON

/// `JSON.stringify` of a parsed value, as the vendor's Next.js backend writes its documents:
/// numbers in JavaScript's layout (`JSNumber`: `1e-7`, `100`, never `1e-07` or `100.0`),
/// object keys sorted (a parsed `JSONValue` has lost the client's order; see
/// docs/dialects/agent-task.md). Used for the documents a client sends and gets back (agent
/// variables and prompt nodes, run inputs).
///
/// Written with `if case` rather than a `switch`, so a new `JSONValue` case falls through to
/// `JSONWriter.value` instead of breaking the build.
enum JSStringify {
    static func write(_ v: JSONValue, _ w: inout JSONWriter) {
        if case .double(let d) = v {
            var b: [UInt8] = []
            JSNumber.append(d, to: &b)
            w.raw(b)
        } else if case .array(let a) = v {
            w.beginArray()
            for e in a { write(e, &w) }
            w.endArray()
        } else if case .object(let o) = v {
            w.beginObject()
            for k in o.keys.sorted() {
                w.key(k)
                write(o[k] ?? .null, &w)
            }
            w.endObject()
        } else {
            w.value(v)
        }
    }

    static func bytes(_ v: JSONValue) -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        write(v, &w)
        return w.bytes
    }

    static func text(_ v: JSONValue) -> String { String(decoding: bytes(v), as: UTF8.self) }

    /// `String(x)` in JavaScript for the scalars a run's input may hold: what a template
    /// substitutes. Nil for null, arrays and objects.
    static func scalarText(_ v: JSONValue) -> String? {
        if let s = v.stringValue { return s }
        if let b = v.boolValue { return b ? "true" : "false" }
        if case .int(let i) = v { return String(i) }
        if case .double(let d) = v { return JSNumber.string(d) }
        return nil
    }
}
