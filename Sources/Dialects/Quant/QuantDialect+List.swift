import HTTP1
import JSON
import Routing
import Store

extension QuantDialect {
    /// `GET .../ai/tasks` (listTasks): filters AND-ed, newest first, in one of the three
    /// documented shapes:
    /// - standard: `{"tasks":[summary...],"count":N}`;
    /// - `dependsOn`: `{"taskIds":[...],"count":N,"dependsOn":"<id>"}`;
    /// - `dependsOn` + `includeDetails=true`: `{"taskIds":[...],"tasks":[full task...],"count":N,"dependsOn":"<id>"}`.
    /// `count` is the number of tasks returned. `includeDetails` without `dependsOn` is ignored.
    ///
    /// The body is kept in the store's read cache, keyed by the query string as sent, until
    /// the next commit or the expiry of the first listed task to expire.
    func listTasks(_ ctx: QuantContext) -> HTTPResponse {
        let org = ctx.organisation
        let cache = store.readCache
        let now = store.clock.nowMillis()
        let cacheKey = QuantReadKey.list(organisation: org, query: ctx.request.request.head.query)
        if let body = cache.lookup(cacheKey, now: now) { return .json(200, body) }
        let ticket = cache.ticket(now: now)
        let q: QuantListQuery
        do { q = try QuantListQuery(ctx.query) } catch { return QuantErrors.invalid(error) }
        // A `dependsOn` that is no UUID is a filter like any other (the vendor's own example
        // is `?dependsOn=task-123`): the tasks whose dependsOn holds it, usually none.
        let records: [TaskRecord]
        do { records = try store.list(q.taskQuery(organisation: org), at: ticket.now) } catch {
            return QuantErrors.failed("Failed to list tasks", error)
        }
        let body = Self.renderList(records, q)
        var validUntil: Int64?
        for r in records { if let e = r.expiresAt { validUntil = min(validUntil ?? e, e) } }
        cache.insert(cacheKey, bytes: body, ticket: ticket, validUntil: validUntil)
        return .json(200, body)
    }

    private static func renderList(_ records: [TaskRecord], _ q: QuantListQuery) -> [UInt8] {
        var o = QuantOutput(capacity: 256 + records.count * (q.includeDetails ? 1024 : 420))
        if let dep = q.dependsOn {
            o.raw(#"{"taskIds":"#)
            o.strings(records.map(\.id))
            if q.includeDetails {
                o.raw(#","tasks":["#)
                for (i, r) in records.enumerated() {
                    if i > 0 { o.byte(UInt8(ascii: ",")) }
                    QuantRenderer.writeFull(r, &o)
                }
                o.byte(UInt8(ascii: "]"))
            }
            o.raw(#","count":"#); o.int(Int64(records.count))
            o.raw(#","dependsOn":"#); o.string(dep)
        } else {
            o.raw(#"{"tasks":["#)
            // By index, not `enumerated()`: that hands out a copy of each record (a retain and
            // a release of each of its strings).
            for i in records.indices {
                if i > 0 { o.byte(UInt8(ascii: ",")) }
                QuantRenderer.writeSummary(records[i], &o)
            }
            o.raw(#"],"count":"#); o.int(Int64(records.count))
        }
        o.byte(UInt8(ascii: "}"))
        return o.bytes
    }
}
