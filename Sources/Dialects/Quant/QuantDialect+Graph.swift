import HTTP1
import JSON
import Routing
import Store

extension QuantDialect {
    /// `GET .../ai/tasks/{taskListId}/dependency-graph` (getDependencyGraph):
    /// `{"taskListId","taskCount","roots","leaves","graph"}`. `graph` is keyed by task id; each
    /// node is the list summary of the task plus `dependsOn` (every id it depends on) and
    /// `dependents` (ids in this list that depend on it). An unknown list is an empty graph.
    ///
    /// Its cost grows with the list, so it runs off the event loop (`.offLoop`), and its size
    /// is bounded: a list of more than `--quant-graph-max-tasks` tasks gets the spec's 500
    /// "Failed to get dependency graph" naming the limit (the read stops at the limit). The
    /// answer is written once, straight into one buffer.
    func dependencyGraph(_ ctx: QuantContext) -> HTTPResponse {
        let org = ctx.organisation
        let listID = ctx.parameters.require("taskId")
        let limit = config.graphMaxTasks
        let found: DependencyGraph?
        do { found = try store.dependencyGraph(dialect: QuantTask.dialect, tenant: org, externalID: listID, maxTasks: limit) } catch {
            return QuantErrors.failed("Failed to get dependency graph", error)
        }
        guard let g = found else {
            return .json(500, QuantErrors.body("Failed to get dependency graph",
                                               "Task list \(listID) has more than \(limit) tasks, the most a dependency graph answers for (--quant-graph-max-tasks)"))
        }
        var o = QuantOutput(capacity: 256 + g.tasks.count * 480)
        o.raw(#"{"taskListId":"#); o.string(listID)
        o.raw(#","taskCount":"#); o.int(Int64(g.tasks.count))
        o.raw(#","roots":"#); o.strings(g.roots)
        o.raw(#","leaves":"#); o.strings(g.leaves)
        o.raw(#","graph":{"#)
        for (i, r) in g.tasks.enumerated() {
            if i > 0 { o.byte(UInt8(ascii: ",")) }
            o.string(r.id)
            o.byte(UInt8(ascii: ":"))
            QuantRenderer.writeGraphNode(r, dependents: g.dependents[r.id] ?? [], &o)
        }
        o.raw("}}")
        return .json(200, o.bytes)
    }
}
