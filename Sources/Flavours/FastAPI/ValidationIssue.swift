import JSON

/// One entry of a FastAPI/pydantic 422 body: `{"type","loc","msg","input","ctx"?}`, written in
/// that key order because that is the order FastAPI serialises pydantic's error dicts in.
public struct ValidationIssue: Sendable, Equatable {
    /// A `loc` element: a field name or a list index (pydantic mixes both).
    public enum Loc: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    public var type: String
    public var loc: [Loc]
    public var msg: String
    /// The offending input; pydantic always reports it (`null` for a missing body).
    public var input: JSONValue
    /// Extra context in the order pydantic writes it (`{"ge":1}`, `{"error":"..."}`); nil = no `ctx`.
    public var ctx: [(String, JSONValue)]?

    public init(type: String, loc: [Loc], msg: String, input: JSONValue, ctx: [(String, JSONValue)]? = nil) {
        self.type = type
        self.loc = loc
        self.msg = msg
        self.input = input
        self.ctx = ctx
    }

    public static func == (l: ValidationIssue, r: ValidationIssue) -> Bool {
        guard l.type == r.type, l.loc == r.loc, l.msg == r.msg, l.input == r.input else { return false }
        switch (l.ctx, r.ctx) {
        case (nil, nil): return true
        case let (a?, b?): return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The same issue under a location prefix (`["body"]`, `["query"]`, `["path"]`), as FastAPI
    /// prefixes the locations pydantic reports relative to the model.
    public func prefixed(_ prefix: [Loc]) -> ValidationIssue {
        var c = self
        c.loc = prefix + loc
        return c
    }

    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("type"); w.string(type)
        w.key("loc")
        w.beginArray()
        for l in loc {
            switch l {
            case .key(let k): w.string(k)
            case .index(let i): w.int(i)
            }
        }
        w.endArray()
        w.key("msg"); w.string(msg)
        w.key("input"); w.value(input)
        if let ctx {
            w.key("ctx")
            w.beginObject()
            for (k, v) in ctx { w.key(k); w.value(v) }
            w.endObject()
        }
        w.endObject()
    }
}
