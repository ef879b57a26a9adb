import HTTP1

/// FastAPI's `APIKeyHeader(name=..., auto_error=False)` security scheme
/// (`fastapi.security.api_key`): the value of the named header, or nil when the header is
/// absent or empty (`if not api_key: return None`), so that the app's own dependency decides
/// what a missing key answers (Chamelio: 401 `{"detail":"API key required"}`). The header name
/// is case-insensitive, as Starlette's `request.headers` is; with the header repeated, the
/// first value counts (`Headers.get`).
public enum APIKeyHeader {
    public static func value(_ headers: HTTPHeaders, name: String) -> String? {
        guard let v = headers[name], !v.isEmpty else { return nil }
        return v
    }
}
