import Digest
import FastAPI
import HTTP1
import JSON
import Routing
import Store

/// `GET/POST /v1/{workspace_id}/api-keys`, `DELETE /v1/{workspace_id}/api-keys/{key_id}`,
/// `POST /v1/{workspace_id}/api-keys/{key_id}/rotate`.
///
/// A key is stored as an `APIKeyRecord` holding only the SHA-256 of its secret; the plaintext
/// is in the 201 (or rotate 200) answer and nowhere else. Expiry is `duration_days` on the
/// store clock; an expired key neither authenticates nor lists (the store hides it).
extension AmigoDialect {
    static var apiKeyNotFound: HTTPResponse { FastAPIErrors.detail(404, "API key not found.") }
    static let dayMillis: Int64 = 86_400_000

    struct ListQuery: Sendable { var mineOnly: Bool; var limit: Int; var offset: Int }

    func mountAPIKeys(on v1: AmigoV1Route) {
        let d = self
        v1.add("GET", "/api-keys", identity: true, validate: { ctx, _ in Self.listQuery(ctx) }) { req in
            d.listKeys(req)
        }
        v1.add("POST", "/api-keys", body: true, identity: true,
               validate: { _, body in AmigoAPIKeyRequest.parse(body, rotate: false) }) { req in
            d.createKey(req)
        }
        v1.add("DELETE", "/api-keys/{key_id}", identity: true, validate: Self.noInput) { req in
            d.deleteKey(req, keyID: req.ctx.parameters.require("key_id"))
        }
        v1.add("POST", "/api-keys/{key_id}/rotate", body: true, identity: true,
               validate: { _, body in AmigoAPIKeyRequest.parse(body, rotate: true) }) { req in
            d.rotateKey(req, keyID: req.ctx.parameters.require("key_id"))
        }
    }

    /// `mine_only` (bool, default false), `limit` (int, 0 < limit <= 20, default 10),
    /// `continuation_token` (int offset, default 0). A repeated parameter takes its last
    /// value, as Starlette's query dict does.
    static func listQuery(_ ctx: RequestContext) -> Validation<ListQuery> {
        var issues: [ValidationIssue] = []
        var q = ListQuery(mineOnly: false, limit: 10, offset: 0)
        func loc(_ name: String) -> [ValidationIssue.Loc] { [.key("query"), .key(name)] }
        if let raw = ctx.query.values("mine_only").last {
            if let b = PydanticLax.bool(fromQuery: raw) { q.mineOnly = b } else { issues.append(PydanticLax.boolParsing(raw).prefixed(loc("mine_only"))) }
        }
        if let raw = ctx.query.values("limit").last {
            let input = JSONValue.string(raw)
            switch PydanticLax.intFromString(raw) {
            case nil: issues.append(PydanticLax.intParsing(input).prefixed(loc("limit")))
            case let n?:
                if n.compare(0) <= 0 {
                    issues.append(PydanticLax.greaterThan(0, input: input).prefixed(loc("limit")))
                } else if n.compare(20) > 0 {
                    issues.append(PydanticLax.lessThanEqual(20, input: input).prefixed(loc("limit")))
                } else if case .value(let v) = n {
                    q.limit = Int(v)
                }
            }
        }
        if let raw = ctx.query.values("continuation_token").last {
            switch PydanticLax.intFromString(raw) {
            case nil: issues.append(PydanticLax.intParsing(.string(raw)).prefixed(loc("continuation_token")))
            case .value(let v)?: q.offset = Int(clamping: max(0, v))
            case .huge(let negative)?: q.offset = negative ? 0 : Int.max
            }
        }
        return issues.isEmpty ? .success(q) : .failure(issues)
    }

    func listKeys(_ req: AmigoV1Request<ListQuery>) {
        do {
            var keys = try store.apiKeys(dialect: Self.dialectName, tenant: req.workspace)
            if req.input.mineOnly { keys = keys.filter { $0.createdBy == req.caller.credentialID } }
            let total = keys.count
            let start = min(req.input.offset, total)
            let end = min(start + req.input.limit, total)
            let hasMore = end < total
            req.respond(.json(200, AmigoAPIKeyView.page(keys[start..<end], hasMore: hasMore, next: hasMore ? Int64(end) : nil, total: total)))
        } catch {
            req.respond(Self.response(for: error))
        }
    }

    func createKey(_ req: AmigoV1Request<AmigoAPIKeyRequest>) {
        let body = req.input
        guard AmigoCaller.rank(body.role) >= 0 else {
            req.respond(FastAPIErrors.detail(422, "Invalid role '\(body.role)'. Valid roles: \(AmigoCaller.roles.joined(separator: ", ")).")
            )
            return
        }
        if config.auth == .strict, AmigoCaller.rank(body.role) > AmigoCaller.rank(req.caller.role) {
            req.respond(FastAPIErrors.detail(403, "Requested role exceeds caller access."))
            return
        }
        let secret = AmigoIDs.apiKeySecret()
        let hash = SHA256.hexHash(secret)
        let keyID = AmigoIDs.keyID()
        let workspace = req.workspace
        let createdBy = req.caller.credentialID
        let respond = req.respond
        store.write({ tx -> APIKeyRecord in
            let k = APIKeyRecord(dialect: Self.dialectName, tenant: workspace, keyID: keyID, secretHash: hash,
                                 name: body.name, role: body.role, permissionsJSON: JSONValue.array(body.permissions.map { .string($0) }).encodedString,
                                 createdAt: tx.now, expiresAt: tx.now + body.durationDays * Self.dayMillis, createdBy: createdBy)
            try tx.putAPIKey(k)
            return k
        }, completion: { result in
            switch result {
            case .success(let k): respond(.json(201, AmigoAPIKeyView.created(k, secret: secret)))
            case .failure(let e): respond(Self.response(for: e))
            }
        })
    }

    func deleteKey(_ req: AmigoV1Request<Void>, keyID: String) {
        let workspace = req.workspace
        let respond = req.respond
        store.write({ tx -> Bool in
            // An expired key is already gone as far as the vendor's API can tell.
            guard try tx.apiKey(dialect: Self.dialectName, tenant: workspace, keyID: keyID) != nil else { return false }
            return try tx.deleteAPIKey(dialect: Self.dialectName, tenant: workspace, keyID: keyID)
        }, completion: { result in
            switch result {
            case .success(true): respond(HTTPResponse(status: 204))
            case .success(false): respond(Self.apiKeyNotFound)
            case .failure(let e): respond(Self.response(for: e))
            }
        })
    }

    /// Same key_id, new secret, new expiry; the old secret stops working in the same commit.
    func rotateKey(_ req: AmigoV1Request<AmigoAPIKeyRequest>, keyID: String) {
        let workspace = req.workspace
        let days = req.input.durationDays
        let secret = AmigoIDs.apiKeySecret()
        let hash = SHA256.hexHash(secret)
        let respond = req.respond
        store.write({ tx -> APIKeyRecord? in
            guard var k = try tx.apiKey(dialect: Self.dialectName, tenant: workspace, keyID: keyID) else { return nil }
            k.secretHash = hash
            k.expiresAt = tx.now + days * Self.dayMillis
            k.updatedAt = tx.now
            try tx.putAPIKey(k)
            return k
        }, completion: { result in
            switch result {
            case .success(let k?): respond(.json(200, AmigoAPIKeyView.created(k, secret: secret)))
            case .success(nil): respond(Self.apiKeyNotFound)
            case .failure(let e): respond(Self.response(for: e))
            }
        })
    }
}
