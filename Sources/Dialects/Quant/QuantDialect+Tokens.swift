import HTTP1
import JSON
import Routing
import Store

/// Control routes for strict-mode tokens (the emulator's, not the vendor's; behind the control plane's admin check). Tokens
/// are stored hashed (`QuantTokens`); each has a non-secret id.
/// - `POST /_polytask/quant/{organisation}/tokens` `{"token":"..."}` → 201
///   `{"organisation","id","token"}`: the only answer that shows the token.
/// - `GET /_polytask/quant/{organisation}/tokens` → 200
///   `{"organisation","tokens":[{"id","createdAt","createdBy"}, ...]}` (newest first).
/// - `DELETE /_polytask/quant/{organisation}/tokens/{id}` → 204, or 404 if not registered.
///   By id only: a token in a path would be written to the request log and the journal.
extension QuantDialect {
    func addToken(_ ctx: RequestContext, _ respond: @escaping Responder) {
        let org = ctx.parameters.require("organisation")
        let token: String
        do {
            let o = try QuantRequestError.object(from: ctx.body)
            guard let t = try QuantBody(object: o).string("token").value, QuantTokens.isValid(t) else {
                throw QuantRequestError.field(QuantValidationError("token", "token is required: a non-empty string without whitespace"))
            }
            token = t
        } catch let e as QuantRequestError {
            return respond(e.response)
        } catch let e as QuantValidationError {
            return respond(QuantErrors.invalid(e))
        } catch {
            return respond(QuantErrors.invalid(QuantValidationError("token", "\(error)")))
        }
        store.write({ tx in
            try tx.putAPIKey(QuantTokens.record(organisation: org, token: token, now: tx.now, createdBy: "control"))
        }, completion: { result in
            switch result {
            case .success:
                var w = JSONWriter()
                w.beginObject()
                w.key("organisation"); w.string(org)
                w.key("id"); w.string(QuantTokens.id(organisation: org, token: token))
                w.key("token"); w.string(token)
                w.endObject()
                respond(.json(201, w.bytes))
            case .failure(let e):
                respond(QuantErrors.failed("Failed to register token", e))
            }
        })
    }

    func listTokens(_ ctx: RequestContext) -> HTTPResponse {
        let org = ctx.parameters.require("organisation")
        let keys: [APIKeyRecord]
        do { keys = try store.apiKeys(dialect: QuantTask.dialect, tenant: org) } catch {
            return QuantErrors.failed("Failed to list tokens", error)
        }
        var w = JSONWriter()
        w.beginObject()
        w.key("organisation"); w.string(org)
        w.key("tokens")
        w.beginArray()
        for k in keys {
            w.beginObject()
            w.key("id"); w.string(k.keyID)
            w.key("createdAt"); w.int(k.createdAt)
            w.key("createdBy"); if let c = k.createdBy { w.string(c) } else { w.null() }
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return .json(200, w.bytes)
    }

    func removeToken(_ ctx: RequestContext, _ respond: @escaping Responder) {
        let org = ctx.parameters.require("organisation")
        // By id only: a token in the path would end up in the request log and the journal.
        let id = ctx.parameters.require("id")
        store.write({ tx in
            try tx.deleteAPIKey(dialect: QuantTask.dialect, tenant: org, keyID: id)
        }, completion: { result in
            switch result {
            case .success(true): respond(HTTPResponse(status: 204))
            case .success(false): respond(.json(404, QuantErrors.body("not_found", "No token with id \(id) in organisation \(org)")))
            case .failure(let e): respond(QuantErrors.failed("Failed to remove token", e))
            }
        })
    }
}
