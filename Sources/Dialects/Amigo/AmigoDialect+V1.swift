import Digest
import FastAPI
import HTTP1
import JSON
import Routing
import Store

/// What an Amigo handler gets: the request as FastAPI read it, the workspace it is for, the
/// authenticated caller, and the route's validated input.
struct AmigoV1Request<Input: Sendable>: Sendable {
    var ctx: RequestContext
    /// Canonical (lower-case, hyphenated) workspace UUID: the store tenant.
    var workspace: String
    var caller: AmigoCaller
    var input: Input
    /// Answers, with the rate-limit headers added.
    var respond: Responder
}

/// The order of the checks every `/v1/{workspace_id}/...` route makes, in one place: the
/// order a FastAPI app with a workspace-scoped auth dependency runs them.
///
/// Group middleware, for every route:
/// 1. rate limit (when on; its headers go on every answer of the route): `AmigoRateLimit`,
/// 2. the body of routes that take one, decoded before anything else: `FastAPIBodyParsing`.
///
/// Then per route (`AmigoV1Route.add`):
/// 3. a non-UUID `workspace_id`: 422, together with any query/body errors, because the auth
///    dependency takes the workspace and is skipped when it fails to validate,
/// 4. authentication (401/403),
/// 5. the endpoint's own query and body validation (422).
struct AmigoV1Route: Sendable {
    let dialect: AmigoDialect
    let group: RouteGroup<FastAPIRequest>

    init(dialect: AmigoDialect, router: inout Router) {
        self.dialect = dialect
        var g = router.group("/v1/{workspace_id}", dialect: dialect.name, errorShape: StarletteErrorShape(), shapePrefix: "/v1/")
        if let limiter = dialect.limiter {
            g = g.add(AmigoRateLimit(limiter: limiter, clock: dialect.store.clock))
        }
        group = g.add(FastAPIBodyParsing())
    }

    /// Adds `method /v1/{workspace_id}<path>`. `identity`: whether the route needs to know
    /// which key is calling (the api-key routes); `validate` checks the query and body.
    func add<Input: Sendable>(_ method: String, _ path: String, body: Bool = false, identity: Bool,
                              validate: @escaping @Sendable (RequestContext, JSONValue?) -> Validation<Input>,
                              _ handler: @escaping @Sendable (AmigoV1Request<Input>) -> Void) {
        let d = dialect
        group.on(method, path, options: body ? .body : []) { req, respond in
            let ctx = req.request
            let rawWorkspace = ctx.parameters.require("workspace_id")
            let validated = validate(ctx, req.body)
            let workspace: String
            switch PydanticUUID.parse(rawWorkspace) {
            case .failure(let e):
                var issues = [PydanticUUID.issue(rawWorkspace, location: "workspace_id", e)]
                if case .failure(let more) = validated { issues += more }
                return respond(FastAPIErrors.validation(issues))
            case .success(let c):
                workspace = c
            }
            ctx.trace.tenant = workspace
            let caller: AmigoCaller
            switch d.authenticate(ctx, workspace: workspace, identity: identity) {
            case .failure(let resp): return respond(resp)
            case .success(let c): caller = c
            }
            switch validated {
            case .failure(let issues): respond(FastAPIErrors.validation(issues))
            case .success(let input):
                handler(AmigoV1Request(ctx: ctx, workspace: workspace, caller: caller, input: input, respond: respond))
            }
        }
    }
}

/// The vendor's rate limit, per workspace (the canonical UUID when the path has one), with
/// its headers on every answer of the route, the 429 included.
struct AmigoRateLimit: RouterMiddleware {
    let limiter: AmigoRateLimiter
    let clock: any Clock

    func handle(_ ctx: RequestContext, respond: @escaping Responder, next: @escaping Next<RequestContext>) {
        let raw = ctx.parameters.require("workspace_id")
        let key: String
        if case .success(let c) = PydanticUUID.parse(raw) { key = c } else { key = raw }
        let decision = limiter.take(key, now: clock.nowMillis())
        let out: Responder = { resp in
            var r = resp
            decision.apply(to: &r.headers)
            respond(r)
        }
        guard decision.allowed else { return out(FastAPIErrors.detail(429, "Rate limit exceeded")) }
        next(ctx, out)
    }
}

extension AmigoDialect {
    /// `validate` for routes with neither query parameters nor a body.
    static func noInput(_ ctx: RequestContext, _ body: JSONValue?) -> Validation<Void> { .success(()) }

    /// `Authorization: Bearer <token>`, checked the way FastAPI's `HTTPBearer` does first
    /// (`HTTPBearer.credentials`), then against the keys:
    /// - open: any token is accepted; if it is a key of this workspace, the caller is that key.
    /// - strict: the bootstrap key works in every workspace; an issued or seeded key works in
    ///   its own workspace (403 "Insufficient permissions." elsewhere); anything else, or an
    ///   expired, rotated-away or deleted key, is 401 "Invalid or expired API key.".
    /// `identity`: whether the route needs to know which key is calling (api-key routes).
    func authenticate(_ ctx: RequestContext, workspace: String, identity: Bool) -> Outcome<AmigoCaller, HTTPResponse> {
        let token: Substring
        switch HTTPBearer.credentials(ctx.headers) {
        case .failure(let resp): return .failure(resp)
        case .success(let t): token = t
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
            return strict ? .failure(FastAPIErrors.detail(401, "Invalid or expired API key.", headers: HTTPBearer.challenge)) : .success(.owner)
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
