import Emulator
import JSON
import Routing
import Store

/// `GET /_polytask/clock` → `{"nowMs", "frozen", "iso"}`.
/// `POST /_polytask/clock` with any of `{"frozen": true|false}` (freeze where it stands, or
/// let it run on from there), `{"nowMs": N}` (set it), `{"advanceMs": N}` (move it; negative
/// goes back), applied in that order; answers the new state. Every TTL, lifecycle, webhook
/// retry and timestamp follows this clock.
extension ControlPlane {
    func mountClock(on g: RouteGroup<RequestContext>) {
        let cp = self
        g.get("/clock", sync: { _ in ControlBody.ok(cp.clockState) })
        g.post("/clock") { ctx, respond in
            guard let body = ControlBody.json(ctx, respond) else { return }
            guard let o = body.objectValue else { return respond(ControlBody.failure(400, "invalid_clock", "Expected an object")) }
            for k in o.keys where !["frozen", "nowMs", "advanceMs"].contains(k) {
                return respond(ControlBody.failure(400, "invalid_clock", "Unknown field \"\(k)\" (frozen, nowMs, advanceMs)"))
            }
            if let f = o["frozen"] {
                guard let b = f.boolValue else { return respond(ControlBody.failure(400, "invalid_clock", "frozen must be true or false")) }
                if b { cp.clock.freeze() } else if cp.clock.isFrozen { cp.clock.unfreeze() }
            }
            // The clock stays within years 1970-9999, so that every `now + ttl` the store and
            // the dialects compute stays far from overflow.
            let range = ControlPlane.clockRange
            if let n = o["nowMs"] {
                guard let ms = n.intValue, range.contains(ms) else {
                    return respond(ControlBody.failure(400, "invalid_clock", "nowMs must be an integer (Unix ms) from 0 to \(range.upperBound)"))
                }
                cp.clock.set(millis: ms)
            }
            if let a = o["advanceMs"] {
                guard let ms = a.intValue, range.contains(cp.clock.nowMillis() &+ ms) else {
                    return respond(ControlBody.failure(400, "invalid_clock", "advanceMs must be an integer that keeps the clock from 0 to \(range.upperBound)"))
                }
                cp.clock.advance(byMillis: ms)
            }
            cp.webhooks?.kick()
            respond(ControlBody.ok(cp.clockState))
        }
    }

    /// 1970-01-01 to 9999-12-31T23:59:59.999Z.
    static let clockRange: ClosedRange<Int64> = 0...253_402_300_799_999

    var clockState: JSONValue {
        let now = clock.nowMillis()
        return ["nowMs": .int(now), "frozen": .bool(clock.isFrozen), "iso": .string(ControlPlane.iso(now))]
    }

    static func iso(_ ms: Int64) -> String { Logger.isoText(ms) }
}
