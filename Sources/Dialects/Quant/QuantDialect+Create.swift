import HTTP1
import JSON
import Routing
import Store

extension QuantDialect {
    /// `POST .../ai/tasks` (createTask): 201 `{taskId, orgId, title, status, createdAt}`.
    /// Every `dependsOn` id must be a task of the same organisation (400 naming it).
    func createTask(_ ctx: QuantContext, _ respond: @escaping Responder) {
        let org = ctx.organisation
        let input: QuantCreateInput
        do { input = try QuantCreateInput(body: ctx.body) } catch { return respond(error.response) }
        let id = QuantTaskID.make()
        let ttl = config.completedTTLMillis
        store.write({ tx in
            let task = input.makeTask(id: id, organisation: org, now: tx.now, completedTTLMillis: ttl)
            try tx.insert(task.record, validateDependencies: true)
            return task
        }, completion: { result in
            switch result {
            case .success(let t):
                var w = JSONWriter(capacity: 256)
                w.beginObject()
                w.key("taskId"); w.string(t.taskId)
                w.key("orgId"); w.string(t.orgId)
                w.key("title"); w.string(t.title)
                w.key("status"); w.string(t.status)
                w.key("createdAt"); w.int(t.createdAt)
                w.endObject()
                respond(.json(201, w.bytes))
            case .failure(let e):
                respond(QuantErrors.map(e, operation: "Failed to create task"))
            }
        })
    }
}
