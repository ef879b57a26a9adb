import JSON

/// More of pydantic's lax-mode field validation (pydantic 2.13 / pydantic-core 2.46, as FastAPI
/// runs it: `validate_python(..., from_attributes=True)` on the decoded JSON), for models with
/// booleans, lists, dicts and nested models. Measured with pydantic 2.13.4:
///
/// - `bool`: `true`/`false`; the integers 0 and 1 and the floats 0.0 and 1.0; the strings of
///   `PydanticLax.bool(fromQuery:)`'s word list (case-insensitive, not trimmed). Another integer
///   or string is `bool_parsing`; anything else (a fractional float, null, a list) `bool_type`.
/// - `List[...]`: an array, else `list_type` "Input should be a valid list".
/// - `Dict[str, Any]`: an object, else `dict_type` "Input should be a valid dictionary".
/// - a nested model: an object, else `model_attributes_type` (with `from_attributes`, as for
///   the body itself).
/// Issues come back with an empty `loc`; callers prefix the field's location.
extension PydanticLax {
    public static func bool(_ v: JSONValue) -> Outcome<Bool, ValidationIssue> {
        switch v {
        case .bool(let b): return .success(b)
        case .int(let i):
            if i == 0 || i == 1 { return .success(i == 1) }
            return .failure(issue("bool_parsing", "Input should be a valid boolean, unable to interpret input", v))
        case .double(let d):
            if d == 0 || d == 1 { return .success(d == 1) }
            return .failure(boolType(v))
        case .string(let s):
            guard let b = bool(fromQuery: s) else { return .failure(boolParsing(s)) }
            return .success(b)
        default:
            return .failure(boolType(v))
        }
    }

    public static func boolType(_ v: JSONValue) -> ValidationIssue {
        issue("bool_type", "Input should be a valid boolean", v)
    }

    public static func listType(_ v: JSONValue) -> ValidationIssue {
        issue("list_type", "Input should be a valid list", v)
    }

    public static func dictType(_ v: JSONValue) -> ValidationIssue {
        issue("dict_type", "Input should be a valid dictionary", v)
    }

    public static func modelAttributesType(_ v: JSONValue) -> ValidationIssue {
        issue("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", v)
    }

    /// An `Optional[str] = None` field: absent or null is nil; a string is itself; else `string_type`.
    public static func optionalString(_ v: JSONValue?) -> Outcome<String?, ValidationIssue> {
        guard let v, !v.isNull else { return .success(nil) }
        switch string(v) {
        case .success(let s): return .success(s)
        case .failure(let i): return .failure(i)
        }
    }

    /// An `int` path parameter (`/tasks/{task_id}` with `task_id: int`): pydantic's string rules,
    /// and the 422 issue at `["path", name]` otherwise.
    public static func pathInt(_ raw: String, name: String) -> Outcome<BigInt, ValidationIssue> {
        guard let n = intFromString(raw) else { return .failure(intParsing(.string(raw)).prefixed([.key("path"), .key(name)])) }
        return .success(n)
    }

    /// A `bool` query parameter (`?include_files=true`), the last value winning as in
    /// Starlette's query dict; nil when absent.
    public static func queryBool(_ values: [String], name: String) -> Outcome<Bool?, ValidationIssue> {
        guard let raw = values.last else { return .success(nil) }
        guard let b = bool(fromQuery: raw) else { return .failure(boolParsing(raw).prefixed([.key("query"), .key(name)])) }
        return .success(b)
    }
}
