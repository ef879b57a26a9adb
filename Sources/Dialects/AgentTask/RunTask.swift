import JSBackend
import JSON
import Store

/// A task: one run of an agent, as the store keeps it.
///
/// Record mapping: tenant = user, id = task id, title = the task's `name`, assignee = its
/// `agentId` (so an agent's tasks can be listed, for the cascade when it is deleted), status,
/// createdAt, updatedAt, startedAt (= createdAt: the engine starts at once), completedAt (when
/// the run ended). `summaryJSON` holds the shown fields that follow createdAt, in the order the
/// task shows them: `{"logs","output","status","callback"}`; `detailJSON` holds the `RunState`.
struct RunTask: Sendable, Equatable {
    static let dialect = AgentTaskDialect.dialectName

    var id: String
    var user: String
    var agentId: String
    var name: String
    var createdAt: Int64
    var updatedAt: Int64
    var completedAt: Int64?
    var state: RunState

    var key: TaskKey { TaskKey(dialect: Self.dialect, tenant: user, id: id) }

    var record: TaskRecord {
        TaskRecord(dialect: Self.dialect, tenant: user, id: id, status: state.status, title: name, assignee: agentId,
                   summaryJSON: Self.summary(state), detailJSON: state.jsonText, createdAt: createdAt,
                   updatedAt: updatedAt, startedAt: createdAt, completedAt: state.finished ? (completedAt ?? updatedAt) : nil)
    }

    /// The shown fields after createdAt, as a compact object text.
    static func summary(_ s: RunState) -> String {
        var w = JSONWriter(capacity: 128 + s.plan.steps.count * 24)
        w.beginObject()
        w.key("logs")
        w.beginArray()
        for l in s.logs { w.string(l) }
        w.endArray()
        w.key("output")
        w.beginObject()
        for e in s.output { w.key(e.key); w.string(e.value) }
        w.endObject()
        w.key("status"); w.string(s.status)
        w.key("callback"); if let c = s.callback { w.string(c) } else { w.null() }
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// Rebuilds the task from a full record (write paths and export: it parses the state).
    init(record r: TaskRecord) throws(AgentFieldError) {
        let v: JSONValue
        do { v = try JSONParser.parse(r.detailJSON) } catch { throw AgentFieldError("stored run state is not JSON: \(error)") }
        self.init(id: r.id, user: r.tenant, agentId: r.assignee ?? "", name: r.title, createdAt: r.createdAt,
                  updatedAt: r.updatedAt, completedAt: r.completedAt, state: try RunState(json: v))
    }

    init(id: String, user: String, agentId: String, name: String, createdAt: Int64, updatedAt: Int64,
         completedAt: Int64? = nil, state: RunState) {
        self.id = id
        self.user = user
        self.agentId = agentId
        self.name = name
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.completedAt = completedAt
        self.state = state
    }
}

/// Renders tasks as the API shows them, from stored records (spliced, never parsed):
/// `{"id","name","agentId","userId","createdAt","logs","output","status","callback","agent","user"}`.
/// `agent` is the agent as `GET /api/v1/agent/{id}` shows it now (the relation, as a Prisma
/// `include` reads it; null if it is gone), `user` is `{"id": userId}`.
enum TaskView {
    static func write(_ r: TaskRecord, agent: String?, to w: inout JSONWriter) {
        w.beginObject()
        writeMembers(r, &w)
        w.key("agent"); if let agent { w.raw(agent) } else { w.null() }
        w.key("user")
        w.beginObject()
        w.key("id"); w.string(r.tenant)
        w.endObject()
        w.endObject()
    }

    /// The members a task has without its relations (an export entry adds `simulate`).
    static func writeMembers(_ r: TaskRecord, _ w: inout JSONWriter) {
        w.key("id"); w.string(r.id)
        w.key("name"); w.string(r.title)
        w.key("agentId"); w.string(r.assignee ?? "")
        w.key("userId"); w.string(r.tenant)
        w.key("createdAt"); w.string(JSDate.isoString(r.createdAt))
        w.members(ofObject: r.summaryJSON)
    }

    static func task(_ r: TaskRecord, agent: String?) -> [UInt8] {
        var w = JSONWriter(capacity: 512 + r.summaryJSON.utf8.count + (agent?.utf8.count ?? 0))
        write(r, agent: agent, to: &w)
        return w.bytes
    }

    /// A JSON array of tasks, each with its agent from `agents` (agent id → body).
    static func list(_ records: [TaskRecord], agents: [String: String]) -> [UInt8] {
        var w = JSONWriter(capacity: 64 + records.count * 768)
        w.beginArray()
        for r in records { write(r, agent: r.assignee.flatMap { agents[$0] }, to: &w) }
        w.endArray()
        return w.bytes
    }
}
