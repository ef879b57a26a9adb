import Emulator
import HTTP1
import JSON
import Routing
import Store

/// Webhook deliveries from the store's outbox, for every dialect:
/// - `GET /_polytask/webhooks[?dialect=&tenant=&status=pending|delivered|undelivered&limit=&before=]`:
///   newest first (`before` = the last id of the previous page);
/// - `GET /_polytask/webhooks/{id}`: one delivery with every attempt;
/// - `POST /_polytask/webhooks/{id}/replay`: pending again at once, with a fresh retry round
///   (from any status: re-sending a delivered event is a replay too);
/// - `POST /_polytask/webhooks/test` `{"url": ..., "body"?: any}`: enqueues a `polytask.ping`
///   delivery to `url` (dialect `polytask`), to try a receiver and `--webhook-targets`.
extension ControlPlane {
    func mountWebhooks(on g: RouteGroup<RequestContext>) {
        let cp = self
        g.get("/webhooks", options: .offLoop) { ctx, respond in cp.listDeliveries(ctx, respond) }
        g.get("/webhooks/{id}", options: .offLoop) { ctx, respond in cp.getDelivery(ctx, respond) }
        g.post("/webhooks/{id}/replay", options: .offLoop) { ctx, respond in cp.replayDelivery(ctx, respond) }
        g.post("/webhooks/test", options: .offLoop) { ctx, respond in cp.testDelivery(ctx, respond) }
    }

    static func json(_ d: DeliveryRecord, attempts: [DeliveryAttempt]? = nil) -> JSONValue {
        var o: [String: JSONValue] = [
            "id": .int(d.id), "dialect": .string(d.dialect), "tenant": .string(d.tenant), "eventId": .string(d.eventID),
            "target": .string(d.target), "status": .string(d.status.rawValue), "attempts": .int(d.attempts),
            "createdAt": .int(d.createdAt),
            "nextAttemptAt": d.nextAttemptAt.map(JSONValue.int) ?? .null,
            "lastStatus": d.lastStatus.map(JSONValue.int) ?? .null,
            "lastError": d.lastError.map(JSONValue.string) ?? .null,
            "deliveredAt": d.deliveredAt.map(JSONValue.int) ?? .null,
            "headers": .object(Dictionary(d.headers.map { ($0.name, JSONValue.string($0.value)) }, uniquingKeysWith: { a, _ in a })),
            "body": .string(String(decoding: d.body, as: UTF8.self)),
        ]
        if let attempts {
            o["attemptLog"] = .array(attempts.map { a in
                ["attempt": .int(a.attempt), "at": .int(a.at), "httpStatus": a.httpStatus.map(JSONValue.int) ?? .null,
                 "error": a.error.map(JSONValue.string) ?? .null, "durationMs": .int(a.durationMillis)]
            })
        }
        return .object(o)
    }

    func listDeliveries(_ ctx: RequestContext, _ respond: Responder) {
        var f = DeliveryFilter()
        let q = ctx.query
        f.dialect = q["dialect"]
        f.tenant = q["tenant"]
        if let s = q["status"] {
            guard let st = DeliveryStatus(rawValue: s) else {
                return respond(ControlBody.failure(400, "invalid_query", "status must be pending, delivered or undelivered"))
            }
            f.status = st
        }
        if let l = q["limit"] {
            guard let n = Int(l), (1...1000).contains(n) else { return respond(ControlBody.failure(400, "invalid_query", "limit must be 1-1000")) }
            f.limit = n
        }
        if let b = q["before"] {
            guard let n = Int64(b) else { return respond(ControlBody.failure(400, "invalid_query", "before must be a delivery id")) }
            f.beforeID = n
        }
        do {
            let list = try store.deliveries(f)
            respond(ControlBody.ok(["webhooks": .array(list.map { Self.json($0) }), "count": .int(Int64(list.count))]))
        } catch {
            respond(ControlBody.failure(503, "store_unavailable", "\(error)"))
        }
    }

    func deliveryID(_ ctx: RequestContext, _ respond: Responder) -> Int64? {
        guard let id = Int64(ctx.parameters.require("id")) else {
            respond(ControlBody.failure(404, "not_found", "No delivery \(ctx.parameters.require("id"))"))
            return nil
        }
        return id
    }

    func getDelivery(_ ctx: RequestContext, _ respond: Responder) {
        guard let id = deliveryID(ctx, respond) else { return }
        do {
            guard let d = try store.delivery(id: id) else { return respond(ControlBody.failure(404, "not_found", "No delivery \(id)")) }
            respond(ControlBody.ok(Self.json(d, attempts: try store.deliveryAttempts(id: id))))
        } catch {
            respond(ControlBody.failure(503, "store_unavailable", "\(error)"))
        }
    }

    func replayDelivery(_ ctx: RequestContext, _ respond: Responder) {
        guard let id = deliveryID(ctx, respond) else { return }
        do {
            guard try store.writeAndWait({ tx in try tx.replayDelivery(id) }) else {
                return respond(ControlBody.failure(404, "not_found", "No delivery \(id)"))
            }
            webhooks?.kick()
            guard let d = try store.delivery(id: id) else { return respond(ControlBody.failure(404, "not_found", "No delivery \(id)")) }
            respond(ControlBody.ok(Self.json(d)))
        } catch {
            respond(ControlBody.failure(503, "store_unavailable", "\(error)"))
        }
    }

    func testDelivery(_ ctx: RequestContext, _ respond: Responder) {
        guard let body = ControlBody.json(ctx, respond) else { return }
        guard let url = body["url"]?.stringValue, url.hasPrefix("http://") || url.hasPrefix("https://") else {
            return respond(ControlBody.failure(400, "invalid_webhook", "\"url\" must be an http:// URL"))
        }
        let payload = body["body"] ?? ["event": "polytask.ping"]
        let eventID = "ping-" + Randomness.shared.hex(8)
        do {
            let id = try store.writeAndWait { tx in
                try tx.enqueueDelivery(NewDelivery(dialect: "polytask", tenant: "", eventID: eventID, target: url,
                                                   headers: [DeliveryHeader("Content-Type", "application/json")], body: payload.encoded))
            }
            webhooks?.kick()
            guard let d = try store.delivery(id: id) else { return respond(ControlBody.failure(500, "store_error", "delivery vanished")) }
            respond(ControlBody.ok(Self.json(d), status: 201))
        } catch {
            respond(ControlBody.failure(503, "store_unavailable", "\(error)"))
        }
    }
}
