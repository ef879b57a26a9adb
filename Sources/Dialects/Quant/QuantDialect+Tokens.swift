import HTTP1
import JSON
import Routing
import Store

/// Control routes for strict-mode tokens (the emulator's, not the vendor's; no auth):
/// - `POST /_polytask/quant/{organisation}/tokens` `{"token":"..."}` → 201 `{"organisation","token"}`
/// - `GET /_polytask/quant/{organisation}/tokens` → 200 `{"organisation","tokens":[...]}`
/// - `DELETE /_polytask/quant/{organisation}/tokens/{token}` → 204, or 404 if not registered.
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
        w.key("tokens"); QuantTask.writeStrings(keys.map(\.keyID), &w)
        w.endObject()
        return .json(200, w.bytes)
    }

    func removeToken(_ ctx: RequestContext, _ respond: @escaping Responder) {
        let org = ctx.parameters.require("organisation")
        let token = ctx.parameters.require("token")
        store.write({ tx in
            try tx.deleteAPIKey(dialect: QuantTask.dialect, tenant: org, keyID: token)
        }, completion: { result in
            switch result {
            case .success(true): respond(HTTPResponse(status: 204))
            case .success(false): respond(.json(404, QuantErrors.body("Token not found", nil)))
            case .failure(let e): respond(QuantErrors.failed("Failed to remove token", e))
            }
        })
    }
}
