import Emulator
import JSON
import Routing
import Store

/// Seed, export and reset: the same document shape in and out, `{"<dialect>": {"<tenant>": ...}}`.
///
/// - `POST /_polytask/seed`: the document `--seed FILE` takes. Each dialect's part loads in one
///   transaction (a bad part loads nothing and is named in the 400); parts of other dialects
///   in the same document that come before it stay loaded. Unknown parts are a 400.
/// - `GET /_polytask/export[?dialect=D][&tenant=T]`: everything, one dialect, or one tenant of
///   one dialect, as a document `seed` takes back unchanged.
/// - `POST /_polytask/reset` with `{}` (everything), `{"dialect":"quant"}` or
///   `{"dialect":"quant","tenant":"acme"}`: deletes that scope's state; other tenants and
///   dialects are untouched. `"scope":"data"` keeps credentials and settings (lifecycle
///   modes); the default `"all"` deletes them too. Query parameters work too.
/// All three block on the store, so they run off the event loops.
extension ControlPlane {
    func mountState(on g: RouteGroup<RequestContext>) {
        let cp = self
        g.post("/seed", options: .offLoop) { ctx, respond in cp.seed(ctx, respond) }
        g.get("/export", options: .offLoop) { ctx, respond in cp.export(ctx, respond) }
        g.post("/reset", options: .offLoop) { ctx, respond in cp.reset(ctx, respond) }
    }

    func seed(_ ctx: RequestContext, _ respond: Responder) {
        guard let doc = ControlBody.json(ctx, respond) else { return }
        guard let parts = doc.objectValue else {
            return respond(ControlBody.failure(400, "invalid_seed", "A seed document is an object keyed by dialect (\(dialectNames))"))
        }
        for name in parts.keys where dialect(name) == nil {
            return respond(ControlBody.failure(400, "unknown_dialect", "Unknown part \"\(name)\"; the dialects are \(dialectNames)"))
        }
        var loaded: [JSONValue] = []
        for d in dialects {
            guard let part = parts[d.name] else { continue }
            do {
                try d.seed(part)
            } catch let e as ControlError {
                return respond(ControlBody.failure(e.status, e.code, "\(d.name): \(e.message)"))
            } catch let e as StoreError where e.isUnavailable {
                return respond(ControlBody.storeUnavailable(d.name, e))
            } catch {
                return respond(ControlBody.failure(400, "invalid_seed", "\(d.name): \(error)"))
            }
            loaded.append(.string(d.name))
        }
        respond(ControlBody.ok(["loaded": .array(loaded)]))
    }

    /// The dialects a `?dialect=` (or body `dialect`) selects; nil and the 404 sent if unknown.
    func select(_ name: String?, _ respond: Responder) -> [any Dialect]? {
        guard let name, !name.isEmpty else { return dialects }
        guard let d = dialect(name) else {
            respond(ControlBody.failure(404, "unknown_dialect", "Unknown dialect \"\(name)\"; the dialects are \(dialectNames)"))
            return nil
        }
        return [d]
    }

    func export(_ ctx: RequestContext, _ respond: Responder) {
        let tenant = ctx.query["tenant"].flatMap { $0.isEmpty ? nil : $0 }
        guard let chosen = select(ctx.query["dialect"], respond) else { return }
        var doc: [String: JSONValue] = [:]
        for d in chosen {
            do {
                doc[d.name] = try d.export(tenant: try tenant.map { try d.tenant($0) })
            } catch let e as ControlError {
                return respond(ControlBody.failure(e.status, e.code, "\(d.name): \(e.message)"))
            } catch let e as StoreError where e.isUnavailable {
                return respond(ControlBody.storeUnavailable(d.name, e))
            } catch {
                return respond(ControlBody.failure(500, "export_failed", "\(d.name): \(error)"))
            }
        }
        respond(ControlBody.ok(.object(doc)))
    }

    func reset(_ ctx: RequestContext, _ respond: Responder) {
        guard let body = ControlBody.json(ctx, respond) else { return }
        let name = body["dialect"]?.stringValue ?? ctx.query["dialect"]
        let tenant = body["tenant"]?.stringValue ?? ctx.query["tenant"]
        let scope: ResetScope
        switch body["scope"]?.stringValue ?? ctx.query["scope"] ?? "all" {
        case "all": scope = .all
        case "data": scope = .data
        case let other:
            return respond(ControlBody.failure(400, "invalid_scope", "scope must be \"all\" (the default) or \"data\" (keeps keys and settings), not \"\(other)\""))
        }
        if tenant != nil && (name ?? "").isEmpty {
            return respond(ControlBody.failure(400, "invalid_scope", "A tenant belongs to one dialect: give \"dialect\" with \"tenant\""))
        }
        guard let chosen = select(name, respond) else { return }
        for d in chosen {
            do {
                try d.reset(tenant: try tenant.map { try d.tenant($0) }, scope: scope)
            } catch let e as ControlError {
                return respond(ControlBody.failure(e.status, e.code, "\(d.name): \(e.message)"))
            } catch let e as StoreError where e.isUnavailable {
                return respond(ControlBody.storeUnavailable(d.name, e))
            } catch {
                return respond(ControlBody.failure(500, "reset_failed", "\(d.name): \(error)"))
            }
        }
        var done: [String: JSONValue] = ["dialects": .array(chosen.map { .string($0.name) }),
                                         "scope": .string(scope == .all ? "all" : "data")]
        if let tenant { done["tenant"] = .string(tenant) }
        respond(ControlBody.ok(["reset": .object(done)]))
    }
}
