import JSON

/// Pydantic's lax-mode coercions for the few field types the Amigo requests use, with
/// pydantic's error types and messages (measured with pydantic 2.13 / pydantic-core 2.46).
/// FastAPI validates bodies in Python mode after `json.loads`, so `"5"`, `5.0` and `true`
/// are integers there, and query strings go through the same string rules.
public enum PydanticLax {
    /// An integer that may exceed Int64 (pydantic has arbitrary-precision ints): a bound check
    /// still works on the sign.
    public enum BigInt: Equatable {
        case value(Int64)
        case huge(negative: Bool)

        public func compare(_ bound: Int64) -> Int {
            switch self {
            case .value(let v): return v < bound ? -1 : (v == bound ? 0 : 1)
            case .huge(let negative): return negative ? -1 : 1
            }
        }
    }

    /// `int` from a JSON value.
    public static func int(_ v: JSONValue) -> Outcome<BigInt, ValidationIssue> {
        switch v {
        case .int(let i): return .success(.value(i))
        case .bool(let b): return .success(.value(b ? 1 : 0))
        case .double(let d):
            guard d.isFinite else { return .failure(issue("finite_number", "Input should be a finite number", v)) }
            guard d.rounded() == d else {
                return .failure(issue("int_from_float", "Input should be a valid integer, got a number with a fractional part", v))
            }
            // pydantic-core's `float_as_int`: strictly inside (i64::MIN, i64::MAX) as doubles.
            guard d > -9_223_372_036_854_775_808.0 && d < 9_223_372_036_854_775_808.0 else {
                return .failure(issue("int_parsing_size", "Unable to parse input string as an integer, exceeded maximum size", v))
            }
            return .success(.value(Int64(d)))
        case .bigInt(let digits):
            return .success(.huge(negative: digits.hasPrefix("-")))
        case .string(let s):
            guard let n = intFromString(s) else { return .failure(intParsing(v)) }
            return .success(n)
        default:
            return .failure(issue("int_type", "Input should be a valid integer", v))
        }
    }

    public static func intParsing(_ v: JSONValue) -> ValidationIssue {
        issue("int_parsing", "Input should be a valid integer, unable to parse string as an integer", v)
    }

    /// pydantic-core's `str_as_int`: surrounding whitespace ignored, an optional sign, digits
    /// with single underscores between them, and an optional `.000` tail. Nothing else
    /// (no exponent, no hex, no `5.`).
    public static func intFromString(_ raw: String) -> BigInt? {
        var s = Substring(raw)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        var negative = false
        if let f = s.first, f == "+" || f == "-" {
            negative = f == "-"
            s = s.dropFirst()
        }
        if let dot = s.firstIndex(of: ".") {
            let frac = s[s.index(after: dot)...]
            guard !frac.isEmpty, frac.allSatisfy({ $0 == "0" }) else { return nil }
            s = s[..<dot]
        }
        guard let first = s.first, first.isASCII, first.isNumber, let last = s.last, last.isASCII, last.isNumber else { return nil }
        var digits = ""
        var previousUnderscore = false
        for c in s {
            if c == "_" {
                guard !previousUnderscore else { return nil }
                previousUnderscore = true
                continue
            }
            guard c.isASCII, c.isNumber else { return nil }
            previousUnderscore = false
            digits.append(c)
        }
        let trimmed = digits.drop { $0 == "0" }
        if trimmed.isEmpty { return .value(0) }
        guard let v = Int64((negative ? "-" : "") + trimmed) else { return .huge(negative: negative) }
        return .value(v)
    }

    /// `bool` from a query string: pydantic's word list, case-insensitive.
    public static func bool(fromQuery s: String) -> Bool? {
        switch s.lowercased() {
        case "1", "on", "t", "true", "y", "yes": return true
        case "0", "off", "f", "false", "n", "no": return false
        default: return nil
        }
    }

    public static func boolParsing(_ s: String) -> ValidationIssue {
        issue("bool_parsing", "Input should be a valid boolean, unable to interpret input", .string(s))
    }

    /// `str` (strict about type: pydantic does not turn numbers into strings).
    public static func string(_ v: JSONValue) -> Outcome<String, ValidationIssue> {
        if case .string(let s) = v { return .success(s) }
        return .failure(issue("string_type", "Input should be a valid string", v))
    }

    /// Length constraints count Unicode code points, as Python's `len` does.
    public static func stringLength(_ s: String, min: Int?, max: Int?, input: JSONValue) -> ValidationIssue? {
        let n = s.unicodeScalars.count
        if let min, n < min {
            return issue("string_too_short", "String should have at least \(min) character\(min == 1 ? "" : "s")", input,
                         ctx: [("min_length", .int(Int64(min)))])
        }
        if let max, n > max {
            return issue("string_too_long", "String should have at most \(max) character\(max == 1 ? "" : "s")", input,
                         ctx: [("max_length", .int(Int64(max)))])
        }
        return nil
    }

    public static func greaterThanEqual(_ bound: Int64, input: JSONValue) -> ValidationIssue {
        issue("greater_than_equal", "Input should be greater than or equal to \(bound)", input, ctx: [("ge", .int(bound))])
    }

    public static func greaterThan(_ bound: Int64, input: JSONValue) -> ValidationIssue {
        issue("greater_than", "Input should be greater than \(bound)", input, ctx: [("gt", .int(bound))])
    }

    public static func lessThanEqual(_ bound: Int64, input: JSONValue) -> ValidationIssue {
        issue("less_than_equal", "Input should be less than or equal to \(bound)", input, ctx: [("le", .int(bound))])
    }

    public static func missing(_ input: JSONValue) -> ValidationIssue {
        issue("missing", "Field required", input)
    }

    public static func issue(_ type: String, _ msg: String, _ input: JSONValue, ctx: [(String, JSONValue)]? = nil) -> ValidationIssue {
        ValidationIssue(type: type, loc: [], msg: msg, input: input, ctx: ctx)
    }
}
