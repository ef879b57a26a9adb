import Emulator
import JSON
import Routing
import Store

/// Lifecycle modes of every dialect that has them, in one place:
/// - `GET /_polytask/lifecycle[?dialect=D][&tenant=T]`: per dialect its flag default, its
///   dialect-wide choice and (with a tenant) the tenant's own choice and the mode in effect;
/// - `PUT /_polytask/lifecycle` `{"dialect": D, "tenant"?: T, "mode": M}`: M is `manual`,
///   `immediate`, `polls:N`, `duration:5s`, or the object form `{"mode":"polls","polls":3}`
///   (`duration_ms` for duration); `null` drops the choice. Without a tenant (or with `"*"`) it sets the dialect-wide mode;
/// - `POST /_polytask/advance` `{"dialect": D, "tenant": T, "taskId": ID}`: one step forward
///   (what `manual` tasks wait for); answers the task as the vendor now shows it.
extension ControlPlane {
    func mountLifecycle(on g: RouteGroup<RequestContext>) {
        let cp = self
        g.get("/lifecycle", options: .offLoop) { ctx, respond in cp.getLifecycle(ctx, respond) }
        g.put("/lifecycle", options: .offLoop) { ctx, respond in cp.putLifecycle(ctx, respond) }
        g.post("/advance", options: .offLoop) { ctx, respond in cp.advance(ctx, respond) }
    }

    func lifecycles(_ d: any Dialect) -> Lifecycles? {
        d.defaultLifecycle.map { Lifecycles(store: store, dialect: d.name, fallback: $0) }
    }

    func lifecycleState(_ d: any Dialect, tenant: String?) throws -> JSONValue? {
        guard let l = lifecycles(d) else { return nil }
        var o: [String: JSONValue] = ["default": l.fallback.json, "dialectWide": try l.own(tenant: Lifecycles.allTenants)?.json ?? .null]
        if let tenant {
            o["tenant"] = .string(tenant)
            o["own"] = try l.own(tenant: tenant)?.json ?? .null
            o["effective"] = try l.mode(tenant: tenant).json
        }
        return .object(o)
    }

    func getLifecycle(_ ctx: RequestContext, _ respond: Responder) {
        guard let chosen = select(ctx.query["dialect"], respond) else { return }
        let raw = ctx.query["tenant"].flatMap { $0.isEmpty ? nil : $0 }
        var out: [String: JSONValue] = [:]
        do {
            for d in chosen {
                let tenant = try raw.map { try d.tenant($0) }
                if let s = try lifecycleState(d, tenant: tenant) { out[d.name] = s }
            }
        } catch let e as ControlError {
            return respond(ControlBody.failure(e.status, e.code, e.message))
        } catch {
            return respond(ControlBody.failure(500, "store_error", "\(error)"))
        }
        if chosen.count == 1, out.isEmpty {
            return respond(ControlBody.failure(404, "no_lifecycle", "\(chosen[0].name) tasks have no lifecycle modes"))
        }
        respond(ControlBody.ok(.object(out)))
    }

    func putLifecycle(_ ctx: RequestContext, _ respond: Responder) {
        guard let body = ControlBody.json(ctx, respond) else { return }
        guard let name = body["dialect"]?.stringValue, let d = dialect(name) else {
            return respond(ControlBody.failure(400, "invalid_lifecycle", "\"dialect\" must name one of \(dialectNames)"))
        }
        guard let l = lifecycles(d) else {
            return respond(ControlBody.failure(404, "no_lifecycle", "\(name) tasks have no lifecycle modes"))
        }
        let tenant: String
        do { tenant = try d.tenant(body["tenant"]?.stringValue ?? Lifecycles.allTenants) } catch {
            return respond(ControlBody.failure(400, "invalid_tenant", "\(error)"))
        }
        guard let m = body["mode"] else {
            return respond(ControlBody.failure(400, "invalid_lifecycle", "\"mode\" is required (manual, immediate, polls:N, duration:5s, or null)"))
        }
        let mode: LifecycleMode?
        if m.isNull || m["mode"]?.isNull == true {
            mode = nil
        } else {
            do { mode = try LifecycleMode(json: m) } catch {
                return respond(ControlBody.failure(400, "invalid_lifecycle", error.description))
            }
        }
        do {
            try store.writeAndWait { tx in try l.set(tx, tenant: tenant, mode: mode) }
            let state = try lifecycleState(d, tenant: tenant == Lifecycles.allTenants ? nil : tenant) ?? .null
            respond(ControlBody.ok([name: state]))
        } catch let e as StoreError where e.isUnavailable {
            respond(ControlBody.storeUnavailable(name, e))
        } catch {
            respond(ControlBody.failure(500, "store_error", "\(error)"))
        }
    }

    func advance(_ ctx: RequestContext, _ respond: Responder) {
        guard let body = ControlBody.json(ctx, respond) else { return }
        guard let name = body["dialect"]?.stringValue, let d = dialect(name) else {
            return respond(ControlBody.failure(400, "invalid_advance", "\"dialect\" must name one of \(dialectNames)"))
        }
        guard let tenant = body["tenant"]?.stringValue, let id = body["taskId"]?.stringValue else {
            return respond(ControlBody.failure(400, "invalid_advance", "\"tenant\" and \"taskId\" are required strings"))
        }
        do {
            respond(ControlBody.ok(try d.advance(tenant: tenant, taskID: id)))
        } catch let e as ControlError {
            respond(ControlBody.failure(e.status, e.code, e.message))
        } catch let e as StoreError where e.isUnavailable {
            respond(ControlBody.storeUnavailable(name, e))
        } catch {
            respond(ControlBody.failure(500, "advance_failed", "\(error)"))
        }
    }
}
