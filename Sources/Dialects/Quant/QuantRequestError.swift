import HTTP1
import JSBackend
import JSON

/// Why a request body was refused before it reached the store.
enum QuantRequestError: Error, Sendable {
    case json(String)
    case field(QuantValidationError)

    var response: HTTPResponse {
        switch self {
        case .json(let m): return QuantErrors.invalidJSON(m)
        case .field(let e): return QuantErrors.invalid(e)
        }
    }

    /// The body as a JSON object: required, valid JSON, and an object.
    static func object(from body: [UInt8]) throws(QuantRequestError) -> [String: JSONValue] {
        guard body.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else {
            throw .field(QuantValidationError("body", "Request body is required (a JSON object)"))
        }
        let v: JSONValue
        // As the vendor's Node backend parses it (`NodeJSON`): JavaScript numbers, and bytes
        // that are not UTF-8 replaced rather than refused.
        do { v = try NodeJSON.parse(body) } catch { throw .json("Request body is not valid JSON: \(error)") }
        guard let o = v.objectValue else {
            throw .field(QuantValidationError("body", "Request body must be a JSON object, got \(v.typeName)"))
        }
        return o
    }
}
