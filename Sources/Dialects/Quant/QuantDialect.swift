import Emulator
import HTTP1
import JSON
import Routing
import Store

/// The QuantCDN "AI Task Management" API (`/api/v3/organizations/{organisation}/ai/tasks`),
/// faithful to the vendor's OpenAPI 4.19.0, over the shared task store.
///
/// Tasks live in the store under dialect `quant`, tenant = organisation, so one organisation
/// never sees another's tasks. Reads render stored records without parsing JSON
/// (`QuantRenderer`); writes go through the store's group-committed writer.
public struct QuantDialect: Dialect {
    let store: TaskStore
    let config: QuantConfig
    let auth: QuantAuth

    public init(store: TaskStore, config: QuantConfig) {
        self.store = store
        self.config = config
        self.auth = QuantAuth(mode: config.auth, store: store)
    }

    public var name: String { "quant" }

    /// The collection path: the group every task route hangs off. The item and graph routes
    /// share the `{taskId}` capture, because the router requires one capture name per
    /// position: the graph route reads it as taskListId.
    static let tasksPath = "/api/v3/organizations/{organisation}/ai/tasks"

    /// One group, one check in front of every handler: the organisation from the path, and a
    /// bearer credential good for it (`QuantAuth`). The dependency graph grows with the task
    /// list, so it runs off the event loop.
    public func mount(on router: inout Router) {
        let d = self
        let tasks = router.group(Self.tasksPath, dialect: name, errorShape: QuantErrorShape(), shapePrefix: "/api/v3/organizations")
            .add(auth)
        tasks.post("") { ctx, respond in d.createTask(ctx, respond) }
        tasks.get("", sync: { ctx in d.listTasks(ctx) })
        tasks.get("/{taskId}", sync: { ctx in d.getTask(ctx) })
        tasks.put("/{taskId}") { ctx, respond in d.updateTask(ctx, respond) }
        tasks.delete("/{taskId}") { ctx, respond in d.deleteTask(ctx, respond) }
        tasks.get("/{taskId}/dependency-graph", options: .offLoop, sync: { ctx in d.dependencyGraph(ctx) })

    }

    /// Strict-mode tokens, under `/_polytask/quant/` behind the control plane's admin check.
    public func mountControl(on g: RouteGroup<RequestContext>) {
        let d = self
        g.post("/{organisation}/tokens") { ctx, respond in d.addToken(ctx, respond) }
        g.get("/{organisation}/tokens", sync: { ctx in d.listTokens(ctx) })
        g.delete("/{organisation}/tokens/{id}") { ctx, respond in d.removeToken(ctx, respond) }
    }

    /// The key of a task of `organisation`.
    static func key(_ organisation: String, _ id: String) -> TaskKey {
        TaskKey(dialect: QuantTask.dialect, tenant: organisation, id: id)
    }
}
