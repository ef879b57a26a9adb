import Emulator
import HTTP1
import JSON
import Routing

/// Fault rules, the request journal and metrics:
/// - `GET /_polytask/faults` (the rules, with their hits), `POST /_polytask/faults` (add one
///   rule, see `FaultRule`; 201 with the rule and its id), `DELETE /_polytask/faults` (all),
///   `DELETE /_polytask/faults/{id}`;
/// - `GET /_polytask/requests[?dialect=&tenant=&method=&path=&status=&requestId=&after=&limit=]`
///   (newest first; `path` exact, or a prefix ending in `*`; `limit` default 100, at most the
///   journal size), `DELETE /_polytask/requests` (clear);
/// - `GET /_polytask/metrics` (Prometheus text format 0.0.4).
extension ControlPlane {
    func mountFaults(on g: RouteGroup<RequestContext>) {
        let faults = self.faults
        g.get("/faults", sync: { _ in ControlBody.ok(["faults": .array(faults.all.map(\.json))]) })
        g.post("/faults") { ctx, respond in
            guard let body = ControlBody.json(ctx, respond) else { return }
            do {
                respond(ControlBody.ok(try faults.add(body).json, status: 201))
            } catch {
                respond(ControlBody.failure(400, "invalid_fault", String(describing: error)))
            }
        }
        g.delete("/faults") { _, respond in
            faults.clear()
            respond(HTTPResponse(status: 204))
        }
        g.delete("/faults/{id}") { ctx, respond in
            if faults.remove(id: ctx.parameters.require("id")) {
                respond(HTTPResponse(status: 204))
            } else {
                respond(ControlBody.failure(404, "not_found", "No fault rule \(ctx.parameters.require("id"))"))
            }
        }
    }

    func mountJournal(on g: RouteGroup<RequestContext>) {
        let journal = self.journal
        g.get("/requests", sync: { ctx in
            var f = Journal.Filter()
            let q = ctx.query
            f.dialect = q["dialect"]
            f.tenant = q["tenant"]
            f.method = q["method"]?.uppercased()
            f.path = q["path"]
            f.requestID = q["requestId"]
            if let s = q["status"] {
                guard let n = Int(s) else { return ControlBody.failure(400, "invalid_query", "status must be an integer") }
                f.status = n
            }
            if let a = q["after"] {
                guard let n = UInt64(a) else { return ControlBody.failure(400, "invalid_query", "after must be a sequence number") }
                f.after = n
            }
            if let l = q["limit"] {
                guard let n = Int(l), n >= 1 else { return ControlBody.failure(400, "invalid_query", "limit must be a positive integer") }
                f.limit = min(n, max(journal.capacity, 1))
            }
            let entries = journal.entries(f)
            return ControlBody.ok(["requests": .array(entries.map(\.json)), "count": .int(Int64(entries.count)),
                                   "capacity": .int(Int64(journal.capacity))])
        })
        g.delete("/requests") { _, respond in
            journal.clear()
            respond(HTTPResponse(status: 204))
        }
    }

    func mountMetrics(on g: RouteGroup<RequestContext>) {
        let metrics = self.metrics
        g.get("/metrics", sync: { _ in
            var h = HTTPHeaders()
            h.add(name: "Content-Type", value: "text/plain; version=0.0.4; charset=utf-8")
            return HTTPResponse(status: 200, headers: h, body: Array(metrics.render().utf8))
        })
    }

    func mountOpenAPI(on g: RouteGroup<RequestContext>) {
        let doc = ControlOpenAPI.document
        g.get("/openapi.json", sync: { _ in .json(200, doc) })
    }
}
