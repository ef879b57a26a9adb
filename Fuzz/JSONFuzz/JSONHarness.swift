import FastAPI
import JSBackend
import JSON

/// The one check that both the libFuzzer target (`Fuzz/JSONFuzz`) and the regression test
/// (`Tests/FuzzTests`, through a symlink to this file) run on an input.
///
/// Every input is read with each runtime's options a dialect uses (and a tiny set that reaches
/// the depth and digit limits with short inputs), and for each:
/// - `JSONParser` agrees with `JSONReference` (an independent reader): same value, or both
///   refuse, and a refusal is a limit (`isLimit`) exactly when the reference's first problem is;
/// - an error is an error (offset inside the input), never a trap;
/// - what it accepted, written by `JSONWriter` and parsed again, is the same value (numbers by
///   value: `3.0` is written `3`; non-finite numbers are written `null`, as JSON has no NaN).
enum JSONHarness {
    static let optionSets: [(name: String, options: JSONParser.Options)] = [
        ("strict", .strict),
        ("python", PythonJSON.options),
        ("node", NodeJSON.options),
        ("tiny", JSONParser.Options(maxDepth: 3, bigIntegers: .exact(maxDigits: 20), nonFiniteLiterals: true,
                                    overflowToInfinity: false, acceptsLoneSurrogates: false)),
    ]

    static func check(_ input: [UInt8]) -> [String] {
        var v: [String] = []
        for (name, options) in optionSets {
            v += check(input, options: options).map { "\(name): \($0)" }
        }
        // The dialects' own entry points: no trap, and Node's reading is the parser's on the
        // body's UTF-8 text (malformed bytes replaced).
        _ = PythonJSON.loads(input)
        let node = Result { () throws(JSONParseError) in try NodeJSON.parse(input) }
        let replaced = Array(String(decoding: input, as: UTF8.self).utf8)
        let direct = Result { () throws(JSONParseError) in try JSONParser.parse(replaced, options: NodeJSON.options) }
        switch (node, direct) {
        case (.success(let a), .success(let b)) where !identical(a, b): v.append("NodeJSON.parse differs from parsing the replaced text")
        case (.success, .failure), (.failure, .success): v.append("NodeJSON.parse accepts what the parser refuses on the replaced text, or the reverse")
        default: break
        }
        return v
    }

    static func check(_ input: [UInt8], options: JSONParser.Options) -> [String] {
        var v: [String] = []
        let parsed = Result { () throws(JSONParseError) in try JSONParser.parse(input, options: options) }
        let reference = JSONReference.read(input, options: options)
        switch (parsed, reference) {
        case (.success(let a), .success(let b)):
            if !identical(a, b) { v.append("the value differs from the reference's: \(brief(a)) vs \(brief(b))") }
            v += roundTrip(a, options: options)
        case (.success(let a), .failure(let f)):
            v.append("accepted what the reference refuses (\(f)): \(brief(a))")
        case (.failure(let e), .success(let b)):
            v.append("refused what the reference accepts (\(e)): \(brief(b))")
        case (.failure(let e), .failure(let f)):
            if e.isLimit != (f == .limit) { v.append("refused as \(e.kind) where the reference's first problem is \(f)") }
            if e.offset < 0 || e.offset > input.count { v.append("error offset \(e.offset) outside the input") }
        }
        return v
    }

    /// Written compactly and parsed again with the same options: the same value.
    static func roundTrip(_ value: JSONValue, options: JSONParser.Options) -> [String] {
        let bytes = value.encoded
        do {
            let again = try JSONParser.parse(bytes, options: options)
            return sameAfterWriting(value, again) ? [] : ["written and parsed again, \(brief(value)) became \(brief(again))"]
        } catch {
            return ["its own output is refused (\(error)): \(String(decoding: bytes.prefix(200), as: UTF8.self))"]
        }
    }

    /// Equal, with doubles compared bit for bit (so NaN equals itself).
    static func identical(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.double(let x), .double(let y)): return x.bitPattern == y.bitPattern
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy(identical)
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { k, xv in y[k].map { identical(xv, $0) } ?? false }
        default: return a == b
        }
    }

    /// What writing may change: a non-finite double becomes null, an integral double within
    /// 2^53 becomes an integer (and -0.0 the integer 0).
    static func sameAfterWriting(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.double(let x), _) where !x.isFinite: return b == .null
        case (.double(let x), .int(let y)): return x == Double(y) && Double(y).rounded() == Double(y) && abs(x) < 9_007_199_254_740_992
        case (.double(let x), .double(let y)): return x.bitPattern == y.bitPattern
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy(sameAfterWriting)
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { k, xv in y[k].map { sameAfterWriting(xv, $0) } ?? false }
        default: return a == b
        }
    }

    static func brief(_ v: JSONValue) -> String {
        String(decoding: v.encoded.prefix(120), as: UTF8.self)
    }
}
