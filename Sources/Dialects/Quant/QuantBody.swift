import JSBackend
import JSON

/// Typed, validated access to the members of a JSON object body (create, update, seed task).
/// Each accessor checks the spec's type and range for one field and throws a
/// `QuantValidationError` naming it. `null` is accepted only where the spec marks the field
/// `nullable`.
struct QuantBody {
    let object: [String: JSONValue]
    /// Prefix for field names in messages (`""` for requests, `"tasks[3]."` style for seeds).
    var context: String = ""

    private func name(_ k: String) -> String { context + k }

    private func raw(_ k: String, nullable: Bool, expected: String) throws(QuantValidationError) -> JSONValue? {
        guard let v = object[k] else { return nil }
        if v.isNull {
            if nullable { return .null }
            throw QuantValidationError(name(k), "\(name(k)) must be \(expected), not null")
        }
        return v
    }

    func string(_ k: String, nullable: Bool = false) throws(QuantValidationError) -> QuantField<String> {
        guard let v = try raw(k, nullable: nullable, expected: "a string") else { return .absent }
        if v.isNull { return .null }
        guard let s = v.stringValue else {
            throw QuantValidationError(name(k), "\(name(k)) must be a string\(nullable ? " or null" : ""), got \(v.typeName)")
        }
        return .value(s)
    }

    /// A string that, when sent, must not be blank (a task's title on create and update):
    /// empty or only whitespace is a 400, one rule for every empty value (`isBlank`).
    func nonEmptyString(_ k: String) throws(QuantValidationError) -> QuantField<String> {
        let f = try string(k)
        if case .value(let s) = f, Self.isBlank(s) { throw QuantValidationError(name(k), "\(name(k)) must not be empty or blank") }
        return f
    }

    /// A value tasks are filtered by (`taskListId`, `assignedAgentId`): a blank string means
    /// "none", exactly like `null` where the field is nullable and like not sending it where it
    /// is not, because the filter `?taskListId=` with a blank value counts as not given
    /// (`QuantListQuery`). So no stored task carries a value no filter can select.
    func filterKey(_ k: String, nullable: Bool = false) throws(QuantValidationError) -> QuantField<String> {
        let f = try string(k, nullable: nullable)
        guard case .value(let s) = f, Self.isBlank(s) else { return f }
        return nullable ? .null : .absent
    }

    /// Empty, or nothing but whitespace: the one meaning of an empty value in the Quant dialect.
    static func isBlank(_ s: String) -> Bool { s.allSatisfy(\.isWhitespace) }

    /// An array of task ids (strings). Duplicates are dropped, first occurrence kept.
    func ids(_ k: String, nullable: Bool = false) throws(QuantValidationError) -> QuantField<[String]> {
        guard let v = try raw(k, nullable: nullable, expected: "an array of task IDs") else { return .absent }
        if v.isNull { return .null }
        guard let a = v.arrayValue else {
            throw QuantValidationError(name(k), "\(name(k)) must be an array of task IDs\(nullable ? " or null" : ""), got \(v.typeName)")
        }
        var out: [String] = []
        out.reserveCapacity(a.count)
        var seen = Set<String>()
        for (i, e) in a.enumerated() {
            guard let s = e.stringValue, !Self.isBlank(s) else {
                throw QuantValidationError(name(k), "\(name(k))[\(i)] must be a non-empty string (task ID), got \(e.typeName)")
            }
            if seen.insert(s).inserted { out.append(s) }
        }
        return .value(out)
    }

    func object(_ k: String, nullable: Bool = false) throws(QuantValidationError) -> QuantField<[String: JSONValue]> {
        guard let v = try raw(k, nullable: nullable, expected: "an object") else { return .absent }
        if v.isNull { return .null }
        guard let o = v.objectValue else {
            throw QuantValidationError(name(k), "\(name(k)) must be an object\(nullable ? " or null" : ""), got \(v.typeName)")
        }
        return .value(o)
    }

    /// An integer (a float with no fraction, such as `3.0`, counts), optionally within a range.
    func integer(_ k: String, in range: ClosedRange<Int64>, nullable: Bool = false) throws(QuantValidationError) -> QuantField<Int64> {
        let what = range.upperBound == .max ? "an integer >= \(range.lowerBound)"
                                            : "an integer between \(range.lowerBound) and \(range.upperBound)"
        guard let v = try raw(k, nullable: nullable, expected: what) else { return .absent }
        if v.isNull { return .null }
        guard let i = v.intValue, range.contains(i) else {
            throw QuantValidationError(name(k), "\(name(k)) must be \(what), got \(Self.show(v))")
        }
        return .value(i)
    }

    func number(_ k: String, in range: ClosedRange<Double>, nullable: Bool = false) throws(QuantValidationError) -> QuantField<Double> {
        let what = "a number between \(Self.show(.double(range.lowerBound))) and \(Self.show(.double(range.upperBound)))"
        guard let v = try raw(k, nullable: nullable, expected: what) else { return .absent }
        if v.isNull { return .null }
        guard let d = v.doubleValue, d.isFinite, range.contains(d) else {
            throw QuantValidationError(name(k), "\(name(k)) must be \(what), got \(Self.show(v))")
        }
        return .value(d)
    }

    func status(_ k: String) throws(QuantValidationError) -> QuantField<QuantStatus> {
        let what = "one of: \(QuantStatus.allowedList)"
        guard let v = try raw(k, nullable: false, expected: what) else { return .absent }
        guard let s = v.stringValue, let st = QuantStatus(rawValue: s) else {
            throw QuantValidationError(name(k), "\(name(k)) must be \(what), got \(Self.show(v))")
        }
        return .value(st)
    }

    /// A short rendering of an offending value for a message (strings quoted, long ones cut).
    static func show(_ v: JSONValue) -> String {
        switch v {
        case .string(let s):
            return s.count > 40 ? "\"\(s.prefix(40))...\"" : "\"\(s)\""
        case .int, .double, .bigInt, .bool, .null:
            // As the vendor's JavaScript would print the number (`1e-7`, not `1e-07`).
            return String(decoding: v.encoded(numberStyle: .javaScript), as: UTF8.self)
        default:
            return v.typeName
        }
    }
}
