import FastAPI
import JSON
import Routing

/// `CreateApiKeyRequest` and `RotateApiKeyRequest` from the spec, validated as pydantic would:
/// `duration_days` int 1..90 (required), `name` null or 1..256 characters, `permissions` a list
/// of at most 128 strings of at most 128 characters each, `role` a string of at most 64
/// characters (default "member"). Unknown fields are ignored, as pydantic does by default.
struct AmigoAPIKeyRequest: Sendable, Equatable {
    var durationDays: Int64
    var name: String?
    var permissions: [String]
    var role: String

    static let maxPermissions = 128
    static let maxPermissionLength = 128

    /// `rotate` takes only `duration_days`.
    static func parse(_ body: JSONValue?, rotate: Bool) -> Validation<AmigoAPIKeyRequest> {
        guard let body else { return .failure([FastAPIBody.missingBody]) }
        guard case .object(let o) = body else { return .failure([FastAPIBody.notAnObject(body)]) }
        var issues: [ValidationIssue] = []
        func fail(_ i: ValidationIssue, _ loc: ValidationIssue.Loc...) { issues.append(i.prefixed([.key("body")] + loc)) }

        var days: Int64 = 0
        if let raw = o["duration_days"] {
            switch PydanticLax.int(raw) {
            case .failure(let i): fail(i, .key("duration_days"))
            case .success(let n):
                if n.compare(1) < 0 {
                    fail(PydanticLax.greaterThanEqual(1, input: raw), .key("duration_days"))
                } else if n.compare(90) > 0 {
                    fail(PydanticLax.lessThanEqual(90, input: raw), .key("duration_days"))
                } else if case .value(let v) = n {
                    days = v
                }
            }
        } else {
            fail(PydanticLax.missing(body), .key("duration_days"))
        }
        var req = AmigoAPIKeyRequest(durationDays: days, name: nil, permissions: [], role: "member")
        guard !rotate else { return issues.isEmpty ? .success(req) : .failure(issues) }

        if let raw = o["name"], !raw.isNull {
            switch PydanticLax.string(raw) {
            case .failure(let i): fail(i, .key("name"))
            case .success(let s):
                if let i = PydanticLax.stringLength(s, min: 1, max: 256, input: raw) { fail(i, .key("name")) } else { req.name = s }
            }
        }
        if let raw = o["permissions"] {
            if case .array(let items) = raw {
                var perms: [String] = []
                var itemsOK = true
                for (n, item) in items.enumerated() {
                    switch PydanticLax.string(item) {
                    case .failure(let i): fail(i, .key("permissions"), .index(n)); itemsOK = false
                    case .success(let s): perms.append(s)
                    }
                }
                if itemsOK && perms.count > maxPermissions {
                    fail(PydanticLax.issue("too_long",
                                           "List should have at most \(maxPermissions) items after validation, not \(perms.count)", raw,
                                           ctx: [("field_type", "List"), ("max_length", .int(Int64(maxPermissions))),
                                                 ("actual_length", .int(Int64(perms.count)))]), .key("permissions"))
                } else if itemsOK, perms.contains(where: { $0.unicodeScalars.count > maxPermissionLength }) {
                    // The spec states this limit in prose only, so it is a model validator
                    // (pydantic `value_error`) rather than a schema constraint.
                    fail(PydanticLax.issue("value_error",
                                           "Value error, each permission must be at most \(maxPermissionLength) characters", raw,
                                           ctx: [("error", .object([:]))]), .key("permissions"))
                } else {
                    req.permissions = perms
                }
            } else {
                fail(PydanticLax.issue("list_type", "Input should be a valid list", raw), .key("permissions"))
            }
        }
        if let raw = o["role"] {
            switch PydanticLax.string(raw) {
            case .failure(let i): fail(i, .key("role"))
            case .success(let s):
                if let i = PydanticLax.stringLength(s, min: nil, max: 64, input: raw) { fail(i, .key("role")) } else { req.role = s }
            }
        }
        return issues.isEmpty ? .success(req) : .failure(issues)
    }
}
