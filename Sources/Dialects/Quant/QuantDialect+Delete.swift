import HTTP1
import JSON
import Routing
import Store

extension QuantDialect {
    /// `DELETE .../ai/tasks/{taskId}?cascade=` (deleteTask). Without cascade a task that others
    /// depend on gets the documented 409 `TASK_HAS_DEPENDENTS`; with `cascade=true` the task and
    /// everything depending on it, transitively, go in one transaction.
    /// 200 `{deleted, deletedCount, deletedTaskIds}` (the task's own id first).
    func deleteTask(_ ctx: QuantContext, _ respond: @escaping Responder) {
        let org = ctx.organisation
        var cascade = false
        if let c = ctx.query["cascade"], !c.isEmpty {
            guard let b = QuantListQuery.bool(c) else {
                return respond(QuantErrors.invalid(QuantValidationError("cascade", "cascade must be true or false, got \"\(c)\"")))
            }
            cascade = b
        }
        let key = Self.key(org, ctx.parameters.require("taskId"))
        let recursive = cascade
        store.write({ tx in
            try tx.delete(key, cascade: recursive)
        }, completion: { result in
            switch result {
            case .success(let ids):
                var w = JSONWriter(capacity: 64 + ids.count * 40)
                w.beginObject()
                w.key("deleted"); w.bool(true)
                w.key("deletedCount"); w.int(ids.count)
                w.key("deletedTaskIds"); QuantTask.writeStrings(ids, &w)
                w.endObject()
                respond(.json(200, w.bytes))
            case .failure(let e):
                respond(QuantErrors.map(e, operation: "Failed to delete task"))
            }
        })
    }
}
