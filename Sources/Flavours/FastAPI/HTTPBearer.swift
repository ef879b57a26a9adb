import HTTP1

/// FastAPI's `HTTPBearer()` security scheme (`fastapi.security.http`): the credential of an
/// `Authorization: Bearer <token>` header, or the exception it raises. Missing header, or a
/// scheme or token that is empty: 401 "Not authenticated"; another scheme: 401 "Invalid
/// authentication credentials"; both with `WWW-Authenticate: Bearer`.
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
        guard !scheme.isEmpty, !token.isEmpty else { return .failure(notAuthenticated) }
        guard HTTPHeaders.equalsIgnoringCase(scheme, "bearer") else {
            return .failure(FastAPIErrors.detail(401, "Invalid authentication credentials", headers: challenge))
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
