import HTTP1
import JSON
import Routing
import Store

extension QuantDialect {
    /// `PUT .../ai/tasks/{taskId}` (updateTask): a partial update with the documented status
    /// side effects (`QuantTask.transition`). 200 `{taskId, status, updatedAt}`. The read, the
    /// change and the write happen in one store transaction, so concurrent updates of one task
    /// apply one after the other (last writer wins per field, as the vendor has no preconditions).
    func updateTask(_ ctx: QuantContext, _ respond: @escaping Responder) {
        let org = ctx.organisation
        let input: QuantUpdateInput
        do { input = try QuantUpdateInput(body: ctx.body) } catch { return respond(error.response) }
        let key = Self.key(org, ctx.parameters.require("taskId"))
        let ttl = config.completedTTLMillis
        store.write({ tx in
            guard let current = try tx.task(key) else { throw StoreError.notFound(key) }
            var task: QuantTask
            do { task = try QuantTask(record: current) } catch {
                throw StoreError.invalid("stored task \(key) is not readable: \(error)")
            }
            let before = Set(task.dependsOn)
            input.apply(to: &task, now: tx.now, completedTTLMillis: ttl)
            // Only the ids this update adds must name live tasks: the ones the task already
            // had may have expired since (a completed dependency's TTL), and sending a task's
            // dependsOn back unchanged with a status change must not fail on them.
            if input.dependsOn != nil {
                for id in task.dependsOn where !before.contains(id) {
                    guard try tx.task(Self.key(org, id)) != nil else { throw StoreError.unknownDependency(id) }
                }
            }
            try tx.update(task.record, validateDependencies: false)
            return task
        }, completion: { result in
            switch result {
            case .success(let t):
                var w = JSONWriter(capacity: 128)
                w.beginObject()
                w.key("taskId"); w.string(t.taskId)
                w.key("status"); w.string(t.status)
                w.key("updatedAt"); w.int(t.updatedAt)
                w.endObject()
                respond(.json(200, w.bytes))
            case .failure(let e):
                respond(QuantErrors.map(e, operation: "Failed to update task"))
            }
        })
    }
}
