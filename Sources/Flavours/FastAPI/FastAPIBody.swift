import HTTP1
import JSON
import Routing

/// How FastAPI 0.136 (`get_request_handler`) turns a request body into the value its model
/// validates, before it resolves any dependency:
///
/// - an empty body: nothing (the model then fails as `missing`);
/// - a JSON `Content-Type` (`application/json`, `application/*+json`, any case, any
///   parameters): `request.json()`, i.e. `PythonJSON.loads`. A `JSONDecodeError` is a 422
///   `{"type":"json_invalid","loc":["body",<pos>],"msg":"JSON decode error","input":{},"ctx":{"error":"Expecting value"}}`;
///   any other failure (bytes that are not text, an integer past 4,300 digits, nesting past
///   the recursion limit) is a 400 `{"detail":"There was an error parsing the body"}`;
/// - another `Content-Type`, or none (`strict_content_type`, on by default since FastAPI
///   0.132): the raw bytes, which the model rejects (`model_attributes_type`, echoing them as
///   text; bytes that are not UTF-8 make that echo fail, a 500).
public enum FastAPIBody {
    /// Why a body never reached validation.
    public enum Rejection: Sendable, Equatable {
        /// A `JSONDecodeError`: 422 with this one `json_invalid` issue.
        case malformed(ValidationIssue)
        /// Any other exception while reading: 400.
        case unparseable
        /// FastAPI's own failure while answering (the echo of non-UTF-8 bytes): 500, plain text.
        case serverError

        public var response: HTTPResponse {
            switch self {
            case .malformed(let issue): return FastAPIErrors.validation([issue])
            case .unparseable: return FastAPIErrors.detail(400, "There was an error parsing the body")
            case .serverError: return FastAPIErrors.unhandledException
            }
        }
    }

    /// nil for an empty body. `anyContentType`: parse JSON whatever the `Content-Type`
    /// (polytask's control routes, so that a plain `curl -d` works).
    public static func read(_ ctx: RequestContext, anyContentType: Bool = false) -> Outcome<JSONValue?, Rejection> {
        let body = ctx.body
        guard !body.isEmpty else { return .success(nil) }
        if !anyContentType && !isJSON(ctx.headers["Content-Type"] ?? "") {
            // The model gets `bytes`; what it echoes is their text.
            guard let text = String(validating: body, as: UTF8.self) else { return .failure(.serverError) }
            return .success(.string(text))
        }
        switch PythonJSON.loads(body) {
        case .success(let v): return .success(v)
        case .failure(.unparseable): return .failure(.unparseable)
        case .failure(.decodeError(let message, let position)):
            return .failure(.malformed(ValidationIssue(type: "json_invalid", loc: [.key("body"), .index(position)],
                                                       msg: "JSON decode error", input: .object([:]),
                                                       ctx: [("error", .string(message))])))
        }
    }

    /// FastAPI's test, through `email.message.Message`: the media type (before any `;`,
    /// trimmed, lower-cased) has exactly one `/`, its main type is `application` and its
    /// subtype `json` or `...+json`. An empty or absent header is not JSON.
    public static func isJSON(_ contentType: String) -> Bool {
        let media = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first
            .map { $0.trimmingSpaces.lowercased() } ?? ""
        let parts = media.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == "application" else { return false }
        return parts[1] == "json" || parts[1].hasSuffix("+json")
    }

    /// FastAPI's answer when a required body is absent.
    public static let missingBody = ValidationIssue(type: "missing", loc: [.key("body")], msg: "Field required", input: .null)

    /// pydantic's answer when the body is not an object.
    public static func notAnObject(_ v: JSONValue) -> ValidationIssue {
        ValidationIssue(type: "model_attributes_type", loc: [.key("body")],
                        msg: "Input should be a valid dictionary or object to extract fields from", input: v)
    }
}
