import Digest
import HTTP1
import JSON
import Routing
import Store

/// The checks every `/v1/{workspace_id}/...` route shares, in the order a FastAPI app with a
/// workspace-scoped auth dependency runs them:
/// 1. rate limit (when on; its headers go on every answer of the route),
/// 2. a malformed JSON body (FastAPI parses the body before resolving dependencies),
/// 3. a non-UUID `workspace_id`: 422, together with any query/body errors, because the auth
///    dependency takes the workspace and is skipped when it fails to validate,
/// 4. authentication (401/403),
/// 5. the endpoint's own query and body validation (422).
struct AmigoV1Request<Input: Sendable>: Sendable {
    var ctx: RequestContext
    /// Canonical (lower-case, hyphenated) workspace UUID: the store tenant.
    var workspace: String
    var caller: AmigoCaller
    var input: Input
    /// Answers, with the rate-limit headers added.
    var respond: Responder
}

extension AmigoDialect {
    /// `validate` for routes with neither query parameters nor a body.
    static func noInput(_ ctx: RequestContext, _ body: JSONValue?) -> Validation<Void> { .success(()) }

    func v1<Input: Sendable>(_ ctx: RequestContext, _ respond: @escaping Responder, hasBody: Bool, identity: Bool,
                             validate: (RequestContext, JSONValue?) -> Validation<Input>,
                             _ handler: (AmigoV1Request<Input>) -> Void) {
        let rawWorkspace = ctx.parameters.require("workspace_id")
        let parsed = PydanticUUID.parse(rawWorkspace)
        var out = respond
        if let limiter {
            let workspaceKey: String
            if case .success(let c) = parsed { workspaceKey = c } else { workspaceKey = rawWorkspace }
            let decision = limiter.take(workspaceKey, now: now)
            out = { resp in
                var r = resp
                decision.apply(to: &r.headers)
                respond(r)
            }
            guard decision.allowed else {
                out(FastAPIErrors.detail(429, "Rate limit exceeded"))
                return
            }
        }
        var body: JSONValue? = nil
        if hasBody {
            switch FastAPIBody.read(ctx) {
            case .failure(let issue): out(FastAPIErrors.validation([issue])); return
            case .success(let b): body = b
            }
        }
        let validated = validate(ctx, body)
        let workspace: String
        switch parsed {
        case .failure(let e):
            var issues = [PydanticUUID.issue(rawWorkspace, location: "workspace_id", e)]
            if case .failure(let more) = validated { issues += more }
            out(FastAPIErrors.validation(issues))
            return
        case .success(let c):
            workspace = c
        }
        let caller: AmigoCaller
        switch authenticate(ctx, workspace: workspace, identity: identity) {
        case .failure(let resp): out(resp); return
        case .success(let c): caller = c
        }
        switch validated {
        case .failure(let issues): out(FastAPIErrors.validation(issues))
        case .success(let input):
            handler(AmigoV1Request(ctx: ctx, workspace: workspace, caller: caller, input: input, respond: out))
        }
    }

    /// `Authorization: Bearer <token>`, checked the way FastAPI's `HTTPBearer` does first
    /// (absent or empty: 401 "Not authenticated"; another scheme: 401 "Invalid authentication
    /// credentials"), then against the keys:
    /// - open: any token is accepted; if it is a key of this workspace, the caller is that key.
    /// - strict: the bootstrap key works in every workspace; an issued or seeded key works in
    ///   its own workspace (403 "Insufficient permissions." elsewhere); anything else, or an
    ///   expired, rotated-away or deleted key, is 401 "Invalid or expired API key.".
    /// `identity`: whether the route needs to know which key is calling (api-key routes).
    func authenticate(_ ctx: RequestContext, workspace: String, identity: Bool) -> Outcome<AmigoCaller, HTTPResponse> {
        var challenge = HTTPHeaders()
        challenge.add(name: "WWW-Authenticate", value: "Bearer")
        guard let header = ctx.headers["Authorization"] else {
            return .failure(FastAPIErrors.detail(401, "Not authenticated", headers: challenge))
        }
        let scheme: Substring
        let token: Substring
        if let sp = header.firstIndex(of: " ") {
            scheme = header[..<sp]
            token = header[header.index(after: sp)...].trimmingSpaces
        } else {
            scheme = header[...]
            token = ""
        }
        guard !scheme.isEmpty, !token.isEmpty else {
            return .failure(FastAPIErrors.detail(401, "Not authenticated", headers: challenge))
        }
        guard HTTPHeaders.equalsIgnoringCase(scheme, "bearer") else {
            return .failure(FastAPIErrors.detail(401, "Invalid authentication credentials", headers: challenge))
        }
        let strict = config.auth == .strict
        guard strict || identity else { return .success(.owner) }
        let hash = SHA256.hexHash(String(token))
        if strict, let bootstrapHash, HMACSHA256.constantTimeEquals(Array(hash.utf8), Array(bootstrapHash.utf8)) {
            return .success(.owner)
        }
        let record: APIKeyRecord?
        do {
            record = try store.apiKey(secretHash: hash)
        } catch {
            return .failure(Self.response(for: error))
        }
        guard let record, record.dialect == Self.dialectName else {
            return strict ? .failure(FastAPIErrors.detail(401, "Invalid or expired API key.", headers: challenge)) : .success(.owner)
        }
        guard record.tenant == workspace else {
            return strict ? .failure(FastAPIErrors.detail(403, "Insufficient permissions.")) : .success(.owner)
        }
        if strict { recordUse(record) }
        return .success(AmigoCaller(credentialID: AmigoAPIKeyMeta.id(of: record), keyID: record.keyID,
                                    role: record.role, isBootstrap: false))
    }

    /// Updates the key's `last_used_at` (throttled; fire and forget).
    private func recordUse(_ k: APIKeyRecord) {
        let at = now
        guard usage.shouldRecord(k.tenant + "/" + k.keyID, now: at) else { return }
        store.write({ tx -> Void in
            // A key deleted or expired meanwhile is not touched (the store checks).
            try tx.touchAPIKey(dialect: Self.dialectName, tenant: k.tenant, keyID: k.keyID, lastUsedAt: at)
        }, completion: { _ in })
    }
}
