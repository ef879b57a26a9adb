import Digest
import Emulator
import HTTP1
import JSON
import Routing
import Store

/// polytask's own routes for Chamelio under `/_polytask/chamelio/`, behind the control plane's
/// admin check, for what the vendor does in its web app. Bodies are JSON whatever their
/// `Content-Type`; errors are polytask's `{"error","message"}`.
///
/// Keys (`X-API-Key`):
/// - `POST /keys` `{"organization_id", "owner_email", "api_key"?, "state"?, "name"?}` → 201 with
///   the key (`api_key`: the one given, or a new `ca_...`; this answer is the only one that shows it);
///   the same key again updates it; a key another organisation has is 409.
/// - `GET /keys?organization_id=` → `{"organization_id","keys":[{"key_id","owner_email","state","name","created_at"}]}`, newest first.
/// - `PATCH /keys/{key_id}` `{"organization_id", "state"?, "owner_email"?, "name"?}` → 200 the key.
/// - `DELETE /keys/{key_id}?organization_id=` → 204, or 404.
/// - `POST /keys/lookup` `{"api_key"}` → the organisation that key stands for (registered or,
///   in `--auth open`, its own), so that open-mode users can address webhooks to it.
///
/// Workflow definitions:
/// - `POST /workflows` `{"organization_id"? (default "*": every organisation), <definition>}` →
///   201 `{"organization_id","previous_version","workflow_schema"}`; `version` absent: the next
///   one. A new version of an organisation's workflow sends `flows.workflow.new_version`.
/// - `GET /workflows?organization_id=` → every workflow that organisation sees, with its versions.
///
/// Webhook endpoints:
/// - `POST /webhooks` `{"organization_id", "url", "secret"?, "events"?, "webhook_id"?}` → 201 the
///   endpoint; `secret` is in the answer only if polytask generated it.
/// - `GET /webhooks?organization_id=` → the endpoints, without secrets.
/// - `DELETE /webhooks/{webhook_id}?organization_id=` → 204, or 404.
extension ChamelioDialect {
    public func mountControl(on g: RouteGroup<RequestContext>) {
        let d = self
        g.post("/keys", options: .offLoop) { ctx, respond in d.addKey(ctx, respond) }
        g.get("/keys", options: .offLoop) { ctx, respond in d.listKeys(ctx, respond) }
        g.on("PATCH", "/keys/{key_id}", options: .offLoop) { ctx, respond in d.changeKey(ctx, respond) }
        g.delete("/keys/{key_id}", options: .offLoop) { ctx, respond in d.removeKey(ctx, respond) }
        g.post("/keys/lookup", options: .offLoop) { ctx, respond in d.lookupKey(ctx, respond) }
        g.post("/workflows", options: .offLoop) { ctx, respond in d.publishWorkflow(ctx, respond) }
        g.get("/workflows", options: .offLoop) { ctx, respond in d.listWorkflows(ctx, respond) }
        g.post("/webhooks", options: .offLoop) { ctx, respond in d.addWebhook(ctx, respond) }
        g.get("/webhooks", options: .offLoop) { ctx, respond in d.listWebhooks(ctx, respond) }
        g.delete("/webhooks/{webhook_id}", options: .offLoop) { ctx, respond in d.removeWebhook(ctx, respond) }
    }

    // MARK: plumbing

    static func failure(_ status: Int, _ code: String, _ message: String) -> HTTPResponse {
        DefaultErrorShape.body(status: status, code: code, message: message)
    }

    /// The JSON body (`{}` when empty), or nil with the 400 sent.
    static func controlBody(_ ctx: RequestContext, _ respond: Responder) -> [String: JSONValue]? {
        guard !ctx.body.isEmpty else { return [:] }
        guard let v = try? JSONParser.parse(ctx.body) else {
            respond(failure(400, "invalid_json", "The body is not valid JSON"))
            return nil
        }
        guard let o = v.objectValue else {
            respond(failure(400, "invalid", "The body must be a JSON object"))
            return nil
        }
        return o
    }

    /// `organization_id` from the body or the query: a real organisation (not `*` unless
    /// `everyone`). Nil with the 400 sent.
    func organization(_ body: [String: JSONValue]?, _ ctx: RequestContext, everyone: Bool = false,
                      default fallback: String? = nil, _ respond: Responder) -> String? {
        guard let raw = body?["organization_id"]?.stringValue ?? ctx.query["organization_id"] ?? fallback else {
            respond(Self.failure(400, "invalid", "organization_id is required"))
            return nil
        }
        guard (everyone && raw == ChamelioWorkflows.everyOrganization) || ChamelioWorkflow.isIdentifier(raw) else {
            respond(Self.failure(400, "invalid", "organization_id must be 1 to 128 letters, digits, '_', '-' or '.'\(everyone ? ", or \"*\"" : "")"))
            return nil
        }
        return raw
    }

    static func keyJSON(_ k: APIKeyRecord, secret: String? = nil) -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.beginObject()
        w.key("key_id"); w.string(k.keyID)
        if let secret { w.key("api_key"); w.string(secret) }
        w.key("organization_id"); w.string(k.tenant)
        w.key("owner_email"); if let o = k.owner { w.string(o) } else { w.null() }
        w.key("state"); w.string(k.state)
        w.key("name"); if let n = k.name { w.string(n) } else { w.null() }
        w.key("created_at"); w.string(ChamelioTime.text(k.createdAt))
        w.endObject()
        return w.bytes
    }

    // MARK: keys

    func addKey(_ ctx: RequestContext, _ respond: Responder) {
        guard let body = Self.controlBody(ctx, respond), let org = organization(body, ctx, respond) else { return }
        guard let owner = body["owner_email"]?.stringValue, ChamelioValues.isEmail(owner) else {
            return respond(Self.failure(400, "invalid", "owner_email is required: the email of the key's owner"))
        }
        let state = body["state"]?.stringValue ?? "active"
        guard ChamelioKeys.states.contains(state) else {
            return respond(Self.failure(400, "invalid", "state must be one of \(ChamelioKeys.states.joined(separator: ", "))"))
        }
        var secret = ChamelioKeys.generate()
        if let given = body["api_key"], !given.isNull {
            guard let s = given.stringValue, ChamelioKeys.isWellFormed(s) else {
                return respond(Self.failure(400, "invalid", "api_key must be ca_ followed by letters, digits, '-' or '_'"))
            }
            secret = s
        }
        let name = body["name"]?.stringValue
        let hash = ChamelioKeys.hash(secret)
        do {
            let k = try store.writeAndWait { tx -> APIKeyRecord in
                let keyID = ChamelioKeys.keyID(hash: hash)
                let existing = try tx.apiKey(dialect: Self.dialectName, tenant: org, keyID: keyID)
                let k = APIKeyRecord(dialect: Self.dialectName, tenant: org, keyID: keyID, secretHash: hash, name: name ?? existing?.name,
                                     role: "member", state: state, owner: owner, createdAt: existing?.createdAt ?? tx.now, updatedAt: tx.now)
                try tx.putAPIKey(k)
                return k
            }
            respond(.json(201, Self.keyJSON(k, secret: secret)))
        } catch .invalid {
            respond(Self.failure(409, "conflict", "This API key is registered to another organization"))
        } catch {
            respond(Self.failure(500, "store_error", "\(error)"))
        }
    }

    func listKeys(_ ctx: RequestContext, _ respond: Responder) {
        guard let org = organization(nil, ctx, respond) else { return }
        do {
            let keys = try store.apiKeys(dialect: Self.dialectName, tenant: org)
            var w = JSONWriter(capacity: 128 + keys.count * 200)
            w.beginObject()
            w.key("organization_id"); w.string(org)
            w.key("keys")
            w.beginArray()
            for k in keys { w.raw(Self.keyJSON(k)) }
            w.endArray()
            w.endObject()
            respond(.json(200, w.bytes))
        } catch {
            respond(Self.failure(500, "store_error", "\(error)"))
        }
    }

    func changeKey(_ ctx: RequestContext, _ respond: Responder) {
        guard let body = Self.controlBody(ctx, respond), let org = organization(body, ctx, respond) else { return }
        let keyID = ctx.parameters.require("key_id")
        let state = body["state"]?.stringValue
        if let state, !ChamelioKeys.states.contains(state) {
            return respond(Self.failure(400, "invalid", "state must be one of \(ChamelioKeys.states.joined(separator: ", "))"))
        }
        let owner = body["owner_email"]?.stringValue
        if let owner, !ChamelioValues.isEmail(owner) { return respond(Self.failure(400, "invalid", "owner_email must be an email address")) }
        let name = body["name"]?.stringValue
        do {
            let k = try store.writeAndWait { tx -> APIKeyRecord? in
                guard var k = try tx.apiKey(dialect: Self.dialectName, tenant: org, keyID: keyID) else { return nil }
                if let state { k.state = state }
                if let owner { k.owner = owner }
                if let name { k.name = name }
                k.updatedAt = tx.now
                try tx.putAPIKey(k)
                return k
            }
            guard let k else { return respond(Self.failure(404, "not_found", "No key \(keyID) in organization \(org)")) }
            respond(.json(200, Self.keyJSON(k)))
        } catch {
            respond(Self.failure(500, "store_error", "\(error)"))
        }
    }

    func removeKey(_ ctx: RequestContext, _ respond: Responder) {
        guard let org = organization(nil, ctx, respond) else { return }
        let keyID = ctx.parameters.require("key_id")
        do {
            let removed = try store.writeAndWait { tx in try tx.deleteAPIKey(dialect: Self.dialectName, tenant: org, keyID: keyID) }
            respond(removed ? HTTPResponse(status: 204) : Self.failure(404, "not_found", "No key \(keyID) in organization \(org)"))
        } catch {
            respond(Self.failure(500, "store_error", "\(error)"))
        }
    }

    func lookupKey(_ ctx: RequestContext, _ respond: Responder) {
        guard let body = Self.controlBody(ctx, respond) else { return }
        guard let key = body["api_key"]?.stringValue, ChamelioKeys.isWellFormed(key) else {
            return respond(Self.failure(400, "invalid", "api_key must be ca_ followed by letters, digits, '-' or '_'"))
        }
        let hash = ChamelioKeys.hash(key)
        do {
            var o: [String: JSONValue]
            if let k = try store.apiKey(secretHash: hash), k.dialect == Self.dialectName {
                o = ["organization_id": .string(k.tenant), "registered": true, "key_id": .string(k.keyID), "state": .string(k.state),
                     "owner_email": k.owner.map(JSONValue.string) ?? .null]
            } else if config.auth == .open {
                o = ["organization_id": .string(ChamelioKeys.openOrganization(hash: hash)), "registered": false]
            } else {
                return respond(Self.failure(404, "not_found", "This key is not registered (and --auth strict accepts only registered keys)"))
            }
            respond(.json(200, JSONValue.object(o).encoded))
        } catch {
            respond(Self.failure(500, "store_error", "\(error)"))
        }
    }

    // MARK: workflows

    func publishWorkflow(_ ctx: RequestContext, _ respond: Responder) {
        guard let body = Self.controlBody(ctx, respond),
              let org = organization(body, ctx, everyone: true, default: ChamelioWorkflows.everyOrganization, respond) else { return }
        let wf: ChamelioWorkflow
        do { wf = try ChamelioWorkflow.parse(.object(body), place: "workflow") } catch {
            return respond(Self.failure(400, "invalid", error.description))
        }
        let numbered = body["version"].map { !$0.isNull } ?? false
        do {
            let published = try store.writeAndWait { tx -> ChamelioWorkflows.Published in
                let p = try ChamelioWorkflows.publish(tx, organization: org, wf, numbered: numbered)
                if p.isNew && org != ChamelioWorkflows.everyOrganization {
                    try ChamelioWebhooks.enqueue(tx, organization: org, [.newVersion(p.workflow, previous: p.previousVersion, at: tx.now)])
                }
                return p
            }
            var w = JSONWriter(capacity: 1024)
            w.beginObject()
            w.key("organization_id"); w.string(org)
            w.key("previous_version"); if let p = published.previousVersion { w.int(p) } else { w.null() }
            w.members(ofObject: String(decoding: ChamelioWorkflowView.schema(published.workflow), as: UTF8.self))
            w.endObject()
            respond(.json(201, w.bytes))
        } catch {
            respond(Self.failure(500, "store_error", "\(error)"))
        }
    }

    func listWorkflows(_ ctx: RequestContext, _ respond: Responder) {
        guard let org = organization(nil, ctx, everyone: true, default: ChamelioWorkflows.everyOrganization, respond) else { return }
        do {
            var ids = ChamelioBuiltins.all.map(\.workflowID)
            for t in Set([org, ChamelioWorkflows.everyOrganization]).sorted() {
                var q = ResourceQuery(dialect: Self.dialectName, tenant: t, kind: ChamelioWorkflows.kind)
                q.limit = 1000
                repeat {
                    let page = try store.resources(q)
                    ids += page.items.map(\.id)
                    q.after = page.next
                } while q.after != nil
            }
            var out: [JSONValue] = []
            for id in Set(ids).sorted() {
                let versions = try ChamelioWorkflows.versions(id, organization: org) { k throws(StoreError) in try store.resource(k) }
                guard let latest = versions.last else { continue }
                out.append(["workflow_id": .string(id), "workflow_name": .string(latest.name), "latest": .int(latest.version),
                            "versions": .array(versions.map { .int($0.version) }), "is_active": .bool(latest.isActive)])
            }
            respond(.json(200, JSONValue.object(["organization_id": .string(org), "workflows": .array(out)]).encoded))
        } catch {
            respond(Self.failure(500, "store_error", "\(error)"))
        }
    }

    // MARK: webhooks

    func addWebhook(_ ctx: RequestContext, _ respond: Responder) {
        guard let body = Self.controlBody(ctx, respond), let org = organization(body, ctx, respond) else { return }
        let endpoint: ChamelioEndpoint
        do { endpoint = try ChamelioEndpoint(json: .object(body), place: "webhook", now: now) } catch {
            return respond(Self.failure(400, "invalid", error.description))
        }
        let generated = body["secret"].map(\.isNull) ?? true
        do {
            try store.writeAndWait { tx in
                var list = try ChamelioWebhooks.endpoints(tx, org)
                var e = endpoint
                e.createdAt = tx.now
                if let i = list.firstIndex(where: { $0.id == e.id }) { list[i] = e } else { list.append(e) }
                try ChamelioWebhooks.save(tx, org, list)
            }
            var o = endpoint.publicJSON.objectValue ?? [:]
            o["organization_id"] = .string(org)
            o["created_at"] = .string(ChamelioTime.text(now))
            if generated { o["secret"] = .string(endpoint.secret) }
            respond(.json(201, JSONValue.object(o).encoded))
        } catch {
            respond(Self.failure(500, "store_error", "\(error)"))
        }
    }

    func listWebhooks(_ ctx: RequestContext, _ respond: Responder) {
        guard let org = organization(nil, ctx, respond) else { return }
        do {
            let list = try store.resource(ChamelioWebhooks.key(org)).map(ChamelioWebhooks.decode) ?? []
            respond(.json(200, JSONValue.object(["organization_id": .string(org), "webhooks": .array(list.map(\.publicJSON))]).encoded))
        } catch {
            respond(Self.failure(500, "store_error", "\(error)"))
        }
    }

    func removeWebhook(_ ctx: RequestContext, _ respond: Responder) {
        guard let org = organization(nil, ctx, respond) else { return }
        let id = ctx.parameters.require("webhook_id")
        do {
            let removed = try store.writeAndWait { tx -> Bool in
                var list = try ChamelioWebhooks.endpoints(tx, org)
                guard let i = list.firstIndex(where: { $0.id == id }) else { return false }
                list.remove(at: i)
                try ChamelioWebhooks.save(tx, org, list)
                return true
            }
            respond(removed ? HTTPResponse(status: 204) : Self.failure(404, "not_found", "No webhook \(id) in organization \(org)"))
        } catch {
            respond(Self.failure(500, "store_error", "\(error)"))
        }
    }
}
