import JSON
import Timestamps

/// Typed variable values: what an initiate (or approve) sends as a string, checked against the
/// workflow definition's type and turned into the value the task shows
/// (docs.chamelio.ai: values are strings, e.g. number `"50000.00"`, boolean `"true"`, date
/// `"2025-01-15"`; the task shows `150000` for a number).
///
/// | type | accepted | stored |
/// |---|---|---|
/// | text, business, conversation, user_entity, number_with_currency | any string | the string |
/// | number | a decimal number (`"50000.00"`, `"-3"`, `"1e3"`), within `validation.min`/`max` | a JSON number, an integer when integral |
/// | boolean | true/false, 1/0, yes/no, on/off (any case) | true or false |
/// | date | `YYYY-MM-DD`, a real date | the string |
/// | email | `local@domain.tld`, no spaces | the string |
/// | select | one of `validation.options` (any string without options) | the string |
/// | multi_select | a JSON array of strings, or a comma-separated list, each in `options` | an array |
/// | dynamic_list, dynamic_table | a JSON array (of objects, for a table) | the array |
/// | file | (see `ChamelioInitiation`) | the file id |
enum ChamelioValues {
    static func convert(_ raw: String, for def: ChamelioVariableDef) -> Result<JSONValue, ChamelioValueError> {
        let bad = ChamelioValueError("Invalid value for variable '\(def.id)' (\(def.type)): '\(raw)'")
        switch def.type {
        case "number":
            let s = raw.trimmedWhitespace
            guard !s.isEmpty, let d = Double(s), d.isFinite, s.allSatisfy({ "0123456789+-.eE".contains($0) }) else { return .failure(bad) }
            if let min = def.validation?["min"]?.doubleValue, d < min {
                return .failure(ChamelioValueError("Variable '\(def.id)' must be at least \(JSONValue.double(min).encodedString)"))
            }
            if let max = def.validation?["max"]?.doubleValue, d > max {
                return .failure(ChamelioValueError("Variable '\(def.id)' must be at most \(JSONValue.double(max).encodedString)"))
            }
            if d.rounded() == d, abs(d) < 9.0e15 { return .success(.int(Int64(d))) }
            return .success(.double(d))
        case "boolean":
            switch raw.trimmedWhitespace.lowercased() {
            case "true", "1", "yes", "on": return .success(.bool(true))
            case "false", "0", "no", "off": return .success(.bool(false))
            default: return .failure(bad)
            }
        case "date":
            guard isDate(raw) else { return .failure(bad) }
            return .success(.string(raw))
        case "email":
            guard isEmail(raw) else { return .failure(bad) }
            return .success(.string(raw))
        case "user_entity" where raw.contains("@"):
            // A user given by email must be a well-formed one; other user references pass.
            guard isEmail(raw) else { return .failure(bad) }
            return .success(.string(raw))
        case "select":
            if let options = def.options, !options.contains(raw) {
                return .failure(ChamelioValueError("Invalid value for variable '\(def.id)': '\(raw)' is not one of \(options.joined(separator: ", "))"))
            }
            return .success(.string(raw))
        case "multi_select":
            let items: [String]
            if let parsed = try? JSONParser.parse(Array(raw.utf8)), let a = parsed.arrayValue {
                guard a.allSatisfy({ $0.stringValue != nil }) else { return .failure(bad) }
                items = a.compactMap(\.stringValue)
            } else {
                items = raw.split(separator: ",").map { String($0.trimmedWhitespace) }.filter { !$0.isEmpty }
            }
            if let options = def.options, let wrong = items.first(where: { !options.contains($0) }) {
                return .failure(ChamelioValueError("Invalid value for variable '\(def.id)': '\(wrong)' is not one of \(options.joined(separator: ", "))"))
            }
            return .success(.array(items.map(JSONValue.string)))
        case "dynamic_list", "dynamic_table":
            guard let parsed = try? JSONParser.parse(Array(raw.utf8)), let a = parsed.arrayValue else { return .failure(bad) }
            if def.type == "dynamic_table", !a.allSatisfy({ $0.objectValue != nil }) { return .failure(bad) }
            return .success(parsed)
        default:
            return .success(.string(raw))
        }
    }

    /// `YYYY-MM-DD` naming a day that exists.
    static func isDate(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
        guard let y = Int64(String(decoding: b[0..<4], as: UTF8.self)), let m = Int64(String(decoding: b[5..<7], as: UTF8.self)),
              let d = Int64(String(decoding: b[8..<10], as: UTF8.self)), (1...12).contains(m), d >= 1 else { return false }
        let days = CivilTime.daysFromCivil(y, m, d)
        let (y2, m2, d2) = CivilTime.civil(fromDays: days)
        return y2 == y && m2 == m && d2 == d
    }

    /// One `@`, something before it, a dotted domain after it, no whitespace.
    static func isEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !s.contains(where: \.isWhitespace) else { return false }
        let domain = parts[1]
        guard let dot = domain.lastIndex(of: "."), dot != domain.startIndex, domain.index(after: dot) != domain.endIndex else { return false }
        return true
    }

    /// Whether `fileName` has one of the allowed extensions (given with or without the dot, any case).
    static func extensionAllowed(_ fileName: String, _ allowed: [String]) -> Bool {
        guard let dot = fileName.lastIndex(of: ".") else { return false }
        let ext = fileName[fileName.index(after: dot)...].lowercased()
        return allowed.contains { $0.lowercased().drop { $0 == "." } == ext }
    }
}

/// A variable that does not fit its definition: the text of the 400's `detail`.
struct ChamelioValueError: Error, Sendable, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}

extension StringProtocol {
    /// Without leading and trailing whitespace of any kind (Python's `str.strip()`).
    var trimmedWhitespace: Substring {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return s
    }
}
