import HTTP1
import JSON
import Routing
import Store

extension QuantDialect {
    /// `GET .../ai/tasks/{taskId}` (getTask): the full task, unset fields left out.
    /// Unknown, expired, or another organisation's: 404 `{"error":"Task not found"}`.
    func getTask(_ ctx: QuantContext) -> HTTPResponse {
        let org = ctx.organisation
        let record: TaskRecord?
        do { record = try store.task(Self.key(org, ctx.parameters.require("taskId"))) } catch {
            return QuantErrors.failed("Failed to get task", error)
        }
        guard let record else { return QuantErrors.taskNotFound }
        return .json(200, QuantRenderer.full(record))
    }
}
