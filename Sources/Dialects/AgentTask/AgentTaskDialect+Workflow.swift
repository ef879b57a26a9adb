import Emulator
import HTTP1
import JSON
import Routing
import Store

/// `GET /api/v1/workflow/{agentId}` (the agent's inputs) and `POST /api/v1/workflow/{agentId}`
/// (run it: a new task).
extension AgentTaskDialect {
    func getWorkflow(_ c: AgentTaskCaller, _ respond: Responder) {
        do {
            guard let r = try store.resource(AgentDefinition.key(user: c.user, id: c.parameters.require("agentId"))),
                  let agent = AgentDefinition(record: r) else {
                return respond(AgentTaskErrors.agentNotFound)
            }
            respond(.json(200, agent.schemaJSON))
        } catch {
            respond(AgentTaskErrors.store(error))
        }
    }

    /// `{"input": {...}, "callback"?: "https://...", "name"?: "..."}` → 201 with the new task
    /// as it started (`running`, no logs yet, output `{}`), whatever the lifecycle: the engine
    /// answers before its background run. Checks, in order: JSON (400), the agent (404), the
    /// input's values (400), missing inputs (400 naming them), callback and name (400).
    func runWorkflow(_ c: AgentTaskCaller, _ respond: @escaping Responder) {
        guard let body = Self.jsonBody(c, respond) else { return }
        guard let o = body.objectValue else { return respond(AgentTaskErrors.invalid("The body must be a JSON object")) }
        let user = c.user
        let agentKey = AgentDefinition.key(user: user, id: c.parameters.require("agentId"))
        let agent: AgentDefinition
        do {
            guard let r = try store.resource(agentKey), let a = AgentDefinition(record: r) else {
                return respond(AgentTaskErrors.agentNotFound)
            }
            agent = a
        } catch {
            return respond(AgentTaskErrors.store(error))
        }
        let run: RunRequest
        switch RunRequest.parse(o, agent: agent) {
        case .failure(let denied): return respond(denied.response)
        case .success(let r): run = r
        }
        let lifecycles = self.lifecycles
        let id = Randomness.shared.uuid4()
        store.write({ tx -> [UInt8]? in
            // The agent as it is at commit time: the run walks the chain it started with.
            guard let r = try tx.resource(agentKey), let agent = AgentDefinition(record: r) else { return nil }
            let sim = try Self.simulation(tx, user: user, agentId: agent.id)
            let mode = try sim?.lifecycle ?? lifecycles.mode(tx, tenant: user)
            let plan = RunPlan.make(chain: agent.chain, variables: agent.fields.variables, input: run.input,
                                    failure: run.failure ?? sim?.fail, responses: sim?.responses ?? [:])
            let started = RunTask(id: id, user: user, agentId: agent.id, name: run.name ?? agent.name, createdAt: tx.now,
                                  updatedAt: tx.now, state: RunState(plan: plan, mode: mode, callback: run.callback))
            let shown = TaskView.task(started.record, agent: r.bodyJSON)
            var t = started
            RunLifecycle.applyCreate(&t.state, createdAt: t.createdAt)
            if t.state.finished { t.completedAt = tx.now }
            try tx.insert(t.record, validateDependencies: false)
            if let callback = run.callback {
                if t.state.finished {
                    try Self.enqueueCallback(tx, t.record, callback: callback, notBefore: nil)
                } else if let end = RunLifecycle.scheduledEnd(t.state, createdAt: t.createdAt) {
                    // A duration run ends on the store clock whether or not anyone reads it:
                    // its callback is due then (a read that ends it sooner finds it enqueued).
                    var ended = t
                    ended.state.done = ended.state.stepCount
                    ended.updatedAt = end
                    ended.completedAt = end
                    try Self.enqueueCallback(tx, ended.record, callback: callback, notBefore: end)
                }
            }
            return shown
        }, completion: { result in
            switch result {
            case .success(let body?): respond(.json(201, body))
            case .success(nil): respond(AgentTaskErrors.agentNotFound)
            case .failure(let e): respond(AgentTaskErrors.store(e))
            }
        })
    }

    /// The agent's simulation settings, if any (a damaged one counts as none).
    static func simulation(_ tx: WriteTransaction, user: String, agentId: String) throws(StoreError) -> AgentSimulation? {
        guard let r = try tx.resource(AgentSimulation.key(user: user, agentId: agentId)),
              let v = try? JSONParser.parse(r.bodyJSON) else { return nil }
        return try? AgentSimulation(json: v)
    }
}
