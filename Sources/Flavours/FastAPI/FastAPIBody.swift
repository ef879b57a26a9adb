import HTTP1
import JSON
import Routing

/// How FastAPI turns a request body into the value its model validates: JSON for no
/// `Content-Type` or a JSON one (`application/json`, `application/*+json`), the raw text
/// otherwise (which then fails model validation), and nothing for an empty body (which then
/// fails as `missing`). Malformed JSON is its own 422, raised before any other validation:
/// `{"type":"json_invalid","loc":["body",<pos>],"msg":"JSON decode error","input":{},"ctx":{"error":"Expecting value"}}`,
/// with Python's `json` messages.
public enum FastAPIBody {
    /// nil for an empty body; a single json_invalid issue for malformed JSON.
    /// `anyContentType`: parse JSON whatever the `Content-Type` (polytask's control routes,
    /// so that a plain `curl -d` works).
    public static func read(_ ctx: RequestContext, anyContentType: Bool = false) -> Outcome<JSONValue?, ValidationIssue> {
        let body = ctx.body
        guard !body.isEmpty else { return .success(nil) }
        if !anyContentType, let ct = ctx.headers["Content-Type"], !isJSON(ct) {
            return .success(.string(String(decoding: body, as: UTF8.self)))
        }
        do {
            return .success(try JSONParser.parse(body))
        } catch {
            return .failure(ValidationIssue(type: "json_invalid", loc: [.key("body"), .index(error.offset)],
                                            msg: "JSON decode error", input: .object([:]),
                                            ctx: [("error", .string(pythonMessage(error.message)))]))
        }
    }

    public static func isJSON(_ contentType: String) -> Bool {
        let media = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingSpaces.lowercased() } ?? ""
        guard media.hasPrefix("application/") else { return false }
        let sub = media.dropFirst("application/".count)
        return sub == "json" || sub.hasSuffix("+json")
    }

    /// Our parser's messages in the words of Python's `json` module.
    public static func pythonMessage(_ m: String) -> String {
        switch m {
        case "Expected a string key": return "Expecting property name enclosed in double quotes"
        case "Expected ':'": return "Expecting ':' delimiter"
        case "Expected ',' or '}'", "Expected ',' or ']'": return "Expecting ',' delimiter"
        case "Unexpected data after the JSON value": return "Extra data"
        case "Control character in string": return "Invalid control character at"
        case "Unterminated string": return "Unterminated string starting at"
        case "Invalid escape": return "Invalid \\escape"
        case "Invalid unicode escape", "Unpaired surrogate in string": return "Invalid \\uXXXX escape"
        default: return "Expecting value"
        }
    }

    /// FastAPI's answer when a required body is absent.
    public static let missingBody = ValidationIssue(type: "missing", loc: [.key("body")], msg: "Field required", input: .null)

    /// pydantic's answer when the body is not an object.
    public static func notAnObject(_ v: JSONValue) -> ValidationIssue {
        ValidationIssue(type: "model_attributes_type", loc: [.key("body")],
                        msg: "Input should be a valid dictionary or object to extract fields from", input: v)
    }
}
