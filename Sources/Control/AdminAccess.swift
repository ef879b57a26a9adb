import Digest
import HTTP1
import Routing

/// Who may use `/_polytask/` beyond health and readiness.
///
/// The control plane can seed, export (credentials included), reset and inject faults, so it
/// is closed to strangers whenever polytask is not a private loopback toy: when `--auth
/// strict` is on, or the listening address is not loopback. Then it wants
/// `Authorization: Bearer <--admin-token>`; with no admin token configured it is shut (403)
/// and the start-up log says why. A configured token is always required, whatever the mode.
/// The token is kept only as its SHA-256 and compared in constant time.
public struct AdminAccess: Sendable {
    public enum Mode: Sendable, Equatable {
        /// Loopback and open auth, no token: anyone who can reach the port (only this host).
        case open
        /// A bearer token is required.
        case token
        /// Strict or exposed, and no token configured: closed beyond health and readiness.
        case closed(reason: String)
    }

    public let mode: Mode
    private let tokenHash: [UInt8]?

    public init(token: String?, strictAuth: Bool, host: String) {
        if let token, !token.isEmpty {
            tokenHash = SHA256.hash(token)
            mode = .token
        } else {
            tokenHash = nil
            if strictAuth {
                mode = .closed(reason: "--auth strict is on and no --admin-token is set")
            } else if !Self.isLoopback(host) {
                mode = .closed(reason: "the server listens on \(host), not loopback, and no --admin-token is set")
            } else {
                mode = .open
            }
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// The middleware the control group runs first.
    var middleware: MiddlewareClosure<RequestContext, RequestContext> {
        let access = self
        return MiddlewareClosure { ctx, respond, next in
            switch access.mode {
            case .open:
                next(ctx, respond)
            case .closed(let reason):
                respond(ControlBody.failure(403, "control_plane_closed",
                                            "The control plane is closed: \(reason). Start polytask with --admin-token (POLYTASK_ADMIN_TOKEN) and send it as 'Authorization: Bearer <token>'."))
            case .token:
                guard access.accepts(ctx.headers) else {
                    var r = ControlBody.failure(401, "unauthorized", "The control plane wants 'Authorization: Bearer <admin token>'")
                    r.headers.add(name: "WWW-Authenticate", value: #"Bearer realm="polytask""#)
                    return respond(r)
                }
                next(ctx, respond)
            }
        }
    }

    func accepts(_ headers: HTTPHeaders) -> Bool {
        guard let tokenHash, let v = headers["Authorization"] else { return false }
        let value = v.trimmingSpaces
        guard let sp = value.firstIndex(of: " "), HTTPHeaders.equalsIgnoringCase(value[..<sp], "Bearer") else { return false }
        let token = value[sp...].trimmingSpaces
        return HMACSHA256.constantTimeEquals(SHA256.hash(String(token)), tokenHash)
    }
}
