import Emulator
import HTTP1
import JSBackend
import JSON
import Routing
import Store

/// The NLA agent engine's public API (`/api/v1/task`, `/api/v1/agent`, `/api/v1/workflow`), a
/// Next.js backend in front of a FastAPI engine that runs an agent's prompt chain, over the
/// shared task store: agents are resources, runs are tasks, and a run's callback goes through
/// the store's webhook outbox. Everything the vendor leaves open is chosen in
/// docs/dialects/agent-task.md.
///
/// Users are tenants: an API key belongs to one user (`AgentTaskAuth`), and a user sees only
/// their own agents and tasks; another user's are 404, as unknown ones.
public struct AgentTaskDialect: Dialect {
    static let dialectName = "agentTask"

    let store: TaskStore
    let config: AgentTaskConfig

    public init(store: TaskStore, config: AgentTaskConfig) {
        self.store = store
        self.config = config
    }

    public var name: String { Self.dialectName }

    public var defaultLifecycle: LifecycleMode? { config.defaultLifecycle }

    /// Users' and the dialect-wide lifecycle modes (the control plane's `/_polytask/lifecycle`),
    /// with `--agent-task-lifecycle` behind them. An agent's own mode (`AgentSimulation`) comes first.
    var lifecycles: Lifecycles { Lifecycles(store: store, dialect: Self.dialectName, fallback: config.defaultLifecycle) }

    /// The order of checks on every route, in one place: the router matches the path (an
    /// unknown path or method is answered by `AgentTaskErrorShape` without looking at the
    /// key), then `AgentTaskAuth` (401), then the handler: for bodies, the JSON (400), then
    /// the agent or task named in the path (404), then the fields (400).
    /// Lists and the agent delete (which deletes the agent's tasks) grow with the data, so
    /// they run off the event loops.
    public func mount(on router: inout Router) {
        let d = self
        let api = router.group("/api/v1", dialect: name, errorShape: AgentTaskErrorShape(), shapePrefix: "/api/v1/")
            .add(AgentTaskAuth(mode: config.auth, store: store))
        api.get("/task", options: .offLoop) { c, respond in d.listTasks(c, respond) }
        api.get("/task/{taskId}") { c, respond in d.getTask(c, respond) }
        api.delete("/task/{taskId}") { c, respond in d.deleteTask(c, respond) }
        api.get("/agent", options: .offLoop) { c, respond in d.listAgents(c, respond) }
        api.post("/agent") { c, respond in d.createAgent(c, respond) }
        api.get("/agent/{agentId}") { c, respond in d.getAgent(c, respond) }
        api.post("/agent/{agentId}") { c, respond in d.updateAgent(c, respond) }
        api.delete("/agent/{agentId}", options: .offLoop) { c, respond in d.deleteAgent(c, respond) }
        api.get("/workflow/{agentId}") { c, respond in d.getWorkflow(c, respond) }
        api.post("/workflow/{agentId}") { c, respond in d.runWorkflow(c, respond) }
    }

    /// The request body as the vendor's Node backend reads it (`NodeJSON`: JavaScript numbers,
    /// malformed UTF-8 replaced); an empty body is `{}`. Nil (and the 400 sent) if it is not JSON.
    static func jsonBody(_ c: AgentTaskCaller, _ respond: Responder) -> JSONValue? {
        guard !c.body.isEmpty else { return .object([:]) }
        do { return try NodeJSON.parse(c.body) } catch {
            respond(AgentTaskErrors.invalid("Invalid JSON body"))
            return nil
        }
    }

    static func taskKey(_ user: String, _ id: String) -> TaskKey {
        TaskKey(dialect: dialectName, tenant: user, id: id)
    }
}
