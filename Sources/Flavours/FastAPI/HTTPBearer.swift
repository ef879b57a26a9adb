import HTTP1

/// FastAPI's `HTTPBearer()` security scheme (`fastapi.security.http`, FastAPI 0.136): the
/// credential of an `Authorization: Bearer <token>` header, or the exception it raises. A
/// missing header, an empty scheme or token, and another scheme (`Basic x`) all give 401
/// "Not authenticated" with `WWW-Authenticate: Bearer` (older FastAPI releases answered 403,
/// and "Invalid authentication credentials" for another scheme).
public enum HTTPBearer {
    public static func credentials(_ headers: HTTPHeaders) -> Outcome<Substring, HTTPResponse> {
        guard let header = headers["Authorization"] else { return .failure(notAuthenticated) }
        let scheme: Substring
        let token: Substring
        if let sp = header.firstIndex(of: " ") {
            scheme = header[..<sp]
            token = header[header.index(after: sp)...].trimmingSpaces
        } else {
            scheme = header[...]
            token = ""
        }
        guard !scheme.isEmpty, !token.isEmpty, HTTPHeaders.equalsIgnoringCase(scheme, "bearer") else {
            return .failure(notAuthenticated)
        }
        return .success(token)
    }

    public static var challenge: HTTPHeaders {
        var h = HTTPHeaders()
        h.add(name: "WWW-Authenticate", value: "Bearer")
        return h
    }

    public static var notAuthenticated: HTTPResponse { FastAPIErrors.detail(401, "Not authenticated", headers: challenge) }
}
