import Emulator
import FastAPI
import HTTP1
import JSON
import Routing
import Store

/// A request once the vendor's `X-API-Key` dependency has accepted it: what FastAPI read of it
/// (the body of routes that declare one) and who is calling.
struct ChamelioContext: Sendable {
    var request: RequestContext
    var body: JSONValue?
    var caller: ChamelioCaller
}

/// The vendor's API-key dependency, as a middleware: `X-API-Key` read the way FastAPI's
/// `APIKeyHeader(auto_error=False)` reads it, then the five exact 401s
/// (docs.chamelio.ai, API introduction):
/// 1. no key (absent or empty header): `{"detail":"API key required"}`,
/// 2. not a well-formed `ca_` key, or (strict) not registered: `{"detail":"Invalid API key"}`,
/// 3. a registered key that is `inactive`: `{"detail":"API key is inactive"}`,
/// 4. `revoked`: `{"detail":"API key has been revoked"}`,
/// 5. `expired`: `{"detail":"API key has expired"}`.
/// In `--auth open`, a well-formed key nobody registered is accepted as an organisation of its
/// own (`ChamelioKeys.openOrganization`). The organisation goes into the request trace.
struct ChamelioAuth: RouterMiddleware {
    let store: TaskStore
    let auth: AuthMode

    static let header = "X-API-Key"

    func handle(_ input: FastAPIRequest, respond: @escaping Responder, next: @escaping Next<ChamelioContext>) {
        switch caller(input.request.headers) {
        case .failure(let refusal): respond(refusal)
        case .success(let caller):
            input.request.trace.tenant = caller.organization
            next(ChamelioContext(request: input.request, body: input.body, caller: caller), respond)
        }
    }

    func caller(_ headers: HTTPHeaders) -> Outcome<ChamelioCaller, HTTPResponse> {
        guard let key = APIKeyHeader.value(headers, name: Self.header) else { return .failure(Self.unauthorized("API key required")) }
        guard ChamelioKeys.isWellFormed(key) else { return .failure(Self.unauthorized("Invalid API key")) }
        let hash = ChamelioKeys.hash(key)
        let record: APIKeyRecord?
        do {
            record = try store.apiKey(secretHash: hash)
        } catch {
            return .failure(ChamelioDialect.response(for: error))
        }
        guard let record, record.dialect == ChamelioDialect.dialectName else {
            guard auth == .open else { return .failure(Self.unauthorized("Invalid API key")) }
            return .success(ChamelioCaller(organization: ChamelioKeys.openOrganization(hash: hash), ownerEmail: nil, keyID: nil))
        }
        if let refusal = ChamelioKeys.refusal(state: record.state) { return .failure(Self.unauthorized(refusal)) }
        return .success(ChamelioCaller(organization: record.tenant, ownerEmail: record.owner, keyID: record.keyID))
    }

    /// FastAPI's `HTTPException(401, detail)`: no `WWW-Authenticate` (the app raises it itself).
    static func unauthorized(_ detail: String) -> HTTPResponse { FastAPIErrors.detail(401, detail) }
}
