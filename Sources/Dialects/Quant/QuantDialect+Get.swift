import HTTP1
import JSON
import Routing
import Store

extension QuantDialect {
    /// `GET .../ai/tasks/{taskId}` (getTask): the full task, unset fields left out.
    /// Unknown, expired, or another organisation's: 404 `{"error":"Task not found"}`.
    /// The body is kept in the store's read cache until the next commit or the task's expiry.
    func getTask(_ ctx: QuantContext) -> HTTPResponse {
        let org = ctx.organisation
        let id = ctx.parameters.require("taskId")
        let cache = store.readCache
        let now = store.clock.nowMillis()
        let cacheKey = QuantReadKey.task(organisation: org, id: id)
        if let body = cache.lookup(cacheKey, now: now) { return .json(200, body) }
        let ticket = cache.ticket(now: now)
        let record: TaskRecord?
        do { record = try store.task(Self.key(org, id), at: ticket.now) } catch {
            return QuantErrors.failed("Failed to get task", error)
        }
        guard let record else { return QuantErrors.taskNotFound }
        let body = QuantRenderer.full(record)
        cache.insert(cacheKey, bytes: body, ticket: ticket, validUntil: record.expiresAt)
        return .json(200, body)
    }
}
