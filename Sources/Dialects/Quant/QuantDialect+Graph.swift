import HTTP1
import JSON
import Routing
import Store

extension QuantDialect {
    /// `GET .../ai/tasks/{taskListId}/dependency-graph` (getDependencyGraph):
    /// `{"taskListId","taskCount","roots","leaves","graph"}`. `graph` is keyed by task id; each
    /// node is the list summary of the task plus `dependsOn` (every id it depends on) and
    /// `dependents` (ids in this list that depend on it). An unknown list is an empty graph.
    func dependencyGraph(_ ctx: QuantContext) -> HTTPResponse {
        let org = ctx.organisation
        let listID = ctx.parameters.require("taskId")
        let g: DependencyGraph
        do { g = try store.dependencyGraph(dialect: QuantTask.dialect, tenant: org, externalID: listID) } catch {
            return QuantErrors.failed("Failed to get dependency graph", error)
        }
        var w = JSONWriter(capacity: 256 + g.tasks.count * 400)
        w.beginObject()
        w.key("taskListId"); w.string(listID)
        w.key("taskCount"); w.int(g.tasks.count)
        w.key("roots"); QuantTask.writeStrings(g.roots, &w)
        w.key("leaves"); QuantTask.writeStrings(g.leaves, &w)
        w.key("graph")
        w.beginObject()
        for r in g.tasks {
            w.key(r.id)
            w.raw(QuantRenderer.graphNode(r, dependents: g.dependents[r.id] ?? []))
        }
        w.endObject()
        w.endObject()
        return .json(200, w.bytes)
    }
}
