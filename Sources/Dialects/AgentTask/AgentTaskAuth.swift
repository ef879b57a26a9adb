import Emulator
import HTTP1
import Routing
import Store

/// What every `/api/v1/` handler gets: the routed request and the user the `apikey` header
/// belongs to.
struct AgentTaskCaller: Sendable {
    let request: RequestContext
    /// The store tenant: the key's user.
    let user: String

    var parameters: Parameters { request.parameters }
    var body: [UInt8] { request.body }
}

/// The `apikey` header, the first check of every route (the docs: "apikey (String, required |
/// Header)"; header names are case-insensitive). Missing or empty: the documented 401
/// "Unauthorized. API key is invalid".
/// - a registered key (control plane or seed) is its user's, in either mode;
/// - `--auth open`: any other non-empty key is a user of its own (`key_<hash prefix>`);
/// - `--auth strict`: any other key is the 401.
struct AgentTaskAuth: RouterMiddleware {
    let mode: AuthMode
    let store: TaskStore

    func handle(_ ctx: RequestContext, respond: @escaping Responder, next: @escaping Next<AgentTaskCaller>) {
        switch user(ctx.headers) {
        case .failure(let denied):
            respond(denied.response)
        case .success(let user):
            ctx.trace.tenant = user
            next(AgentTaskCaller(request: ctx, user: user), respond)
        }
    }

    func user(_ headers: HTTPHeaders) -> Result<String, Refusal> {
        guard let raw = headers["apikey"] else { return .failure(Refusal(AgentTaskErrors.unauthorized)) }
        let key = String(raw.trimmingSpaces)
        guard !key.isEmpty else { return .failure(Refusal(AgentTaskErrors.unauthorized)) }
        let hash = AgentTaskKeys.hash(key)
        let record: APIKeyRecord?
        do { record = try store.apiKey(secretHash: hash) } catch { return .failure(Refusal(AgentTaskErrors.store(error))) }
        if let record, record.dialect == AgentTaskDialect.dialectName, record.state == "active" {
            return .success(record.tenant)
        }
        guard mode == .open else { return .failure(Refusal(AgentTaskErrors.unauthorized)) }
        return .success(AgentTaskKeys.anonymousUser(hash: hash))
    }
}
