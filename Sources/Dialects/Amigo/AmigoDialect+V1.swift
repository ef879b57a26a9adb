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
/// order FastAPI 0.136 runs them for an endpoint with an `HTTPBearer` dependency that resolves
/// the key from its token (settled with the reference app in Tests/oracle).
///
/// Group middleware, for every route:
/// 1. rate limit (when on; its headers go on every answer of the route): `AmigoRateLimit`,
/// 2. the body of routes that take one, read before any dependency: `FastAPIBodyParsing`
///    (422 `json_invalid`, 400 for a body that cannot be parsed at all).
///
/// Then per route (`AmigoV1Route.add`):
/// 3. the bearer credentials (`HTTPBearer`: 401 "Not authenticated"), then the key they name
///    (strict mode: 401 "Invalid or expired API key."). Security runs before validation, so a
///    bad `workspace_id` with no or a wrong key is a 401, not a 422,
/// 4. path, query and body validation, all errors in one 422 (path first),
/// 5. whether the key may act in this workspace (strict mode: 403 "Insufficient permissions.").
struct AmigoV1Route: Sendable {
    let dialect: AmigoDialect
    let group: RouteGroup<FastAPIRequest>

    init(dialect: AmigoDialect, router: inout Router) {
        self.dialect = dialect
        // Starlette's routing: uvicorn percent-decodes the path before Starlette matches it
        // (`%2F` splits a segment), FastAPI's APIRoute adds no HEAD to a GET route, and a 405
        // names the methods of the first route whose path matches.
        var g = router.group("/v1/{workspace_id}", dialect: dialect.name, errorShape: StarletteErrorShape(), shapePrefix: "/v1/",
                             matching: .starlette)
        if let limiter = dialect.limiter {
            g = g.add(AmigoRateLimit(limiter: limiter, clock: dialect.store.clock))
        }
        group = g.add(FastAPIBodyParsing())
    }

    /// Adds `method /v1/{workspace_id}<path>`. `identity`: whether the route needs to know
    /// which key is calling (the api-key routes); `validate` checks the query and body.
    /// `options`: more `RouteOptions` (`.offLoop` for a route whose cost grows with the data).
    func add<Input: Sendable>(_ method: String, _ path: String, body: Bool = false, identity: Bool, options: RouteOptions = [],
                              validate: @escaping @Sendable (RequestContext, JSONValue?) -> Validation<Input>,
                              _ handler: @escaping @Sendable (AmigoV1Request<Input>) -> Void) {
        let d = dialect
        group.on(method, path, options: body ? options.union(.body) : options) { req, respond in
            let ctx = req.request
            let key: AmigoKey
            switch d.resolveKey(ctx, identity: identity) {
            case .failure(let resp): return respond(resp)
            case .success(let k): key = k
            }
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
            let input: Input
            switch validated {
            case .failure(let issues): return respond(FastAPIErrors.validation(issues))
            case .success(let i): input = i
            }
            switch d.authorize(key, workspace: workspace) {
            case .failure(let resp): respond(resp)
            case .success(let caller):
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

    /// The key the bearer token names, resolved from the token alone (step 3 above):
    /// `HTTPBearer` first (`HTTPBearer.credentials`: no header, no token or another scheme is
    /// 401 "Not authenticated"), then
    /// - open: any token is accepted; if it is a key (and the route wants to know), that key;
    /// - strict: the bootstrap key, or an issued or seeded key; anything else, or an expired,
    ///   rotated-away or deleted key, is 401 "Invalid or expired API key.".
    /// `identity`: whether the route needs to know which key is calling (api-key routes).
    func resolveKey(_ ctx: RequestContext, identity: Bool) -> Outcome<AmigoKey, HTTPResponse> {
        let token: Substring
        switch HTTPBearer.credentials(ctx.headers) {
        case .failure(let resp): return .failure(resp)
        case .success(let t): token = t
        }
        let strict = config.auth == .strict
        guard strict || identity else { return .success(.anyone) }
        let hash = SHA256.hexHash(String(token))
        if strict, let bootstrapHash, HMACSHA256.constantTimeEquals(Array(hash.utf8), Array(bootstrapHash.utf8)) {
            return .success(.bootstrap)
        }
        let record: APIKeyRecord?
        do {
            record = try store.apiKey(secretHash: hash)
        } catch {
            return .failure(Self.response(for: error))
        }
        guard let record, record.dialect == Self.dialectName else {
            return strict ? .failure(FastAPIErrors.detail(401, "Invalid or expired API key.", headers: HTTPBearer.challenge)) : .success(.anyone)
        }
        return .success(.issued(record))
    }

    /// Whether the key may act in `workspace` (step 5): an issued key works in its own
    /// workspace only (strict: 403 "Insufficient permissions." elsewhere; open: elsewhere it
    /// is an anonymous caller with full access).
    func authorize(_ key: AmigoKey, workspace: String) -> Outcome<AmigoCaller, HTTPResponse> {
        switch key {
        case .anyone, .bootstrap: return .success(.owner)
        case .issued(let record):
            let strict = config.auth == .strict
            guard record.tenant == workspace else {
                return strict ? .failure(FastAPIErrors.detail(403, "Insufficient permissions.")) : .success(.owner)
            }
            if strict { recordUse(record) }
            return .success(AmigoCaller(credentialID: AmigoAPIKeyMeta.id(of: record), keyID: record.keyID,
                                        role: record.role, isBootstrap: false))
        }
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
