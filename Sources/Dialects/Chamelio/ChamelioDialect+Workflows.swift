import Emulator
import FastAPI
import HTTP1
import JSON
import Routing
import Store

/// `GET /workflows/{workflow_id}/{version}/schema`, `POST /workflows/{workflow_id}/{version}/initiate`
/// and `POST /workflows/{workflow_id}/{version}/initiate-flexible`.
///
/// `version` is a version number (`1`) or `latest` (the highest). An unknown workflow is 404
/// `{"detail":"Workflow not found"}`, an unknown version 404 `{"detail":"Workflow version not
/// found"}`; initiating an inactive version is 400 `{"detail":"Workflow is not active"}`.
///
/// Both initiate routes answer 200 `{"task_id", "status", "task_url", "message": "Workflow
/// initiated successfully"}` (the vendor's page is cut before its response; this is the shape
/// of its approve and cancel answers), with `status` as the task stands after creation under
/// the organisation's lifecycle mode (`pending` at the first human step in `immediate`).
extension ChamelioDialect {
    static var workflowNotFound: HTTPResponse { FastAPIErrors.detail(404, "Workflow not found") }
    static var versionNotFound: HTTPResponse { FastAPIErrors.detail(404, "Workflow version not found") }

    func mountWorkflows(on route: ChamelioRoute) {
        let d = self
        route.add("GET", "/{workflow_id}/{version}/schema", validate: { _ in .success(()) }) { req in
            switch d.workflow(req) {
            case .failure(let r): req.respond(r)
            case .success(let wf): req.respond(.json(200, ChamelioWorkflowView.schema(wf)))
            }
        }
        route.add("POST", "/{workflow_id}/{version}/initiate", body: true, validate: { ChamelioBodies.initiate($0.body) }) { req in
            d.initiate(req) { wf in ChamelioInitiation.standard(req.input, wf) }
        }
        route.add("POST", "/{workflow_id}/{version}/initiate-flexible", body: true, validate: { ChamelioBodies.flexible($0.body) }) { req in
            d.initiate(req) { wf in ChamelioInitiation.flexible(req.input, wf) }
        }
    }

    /// The definition the path names, as the caller's organisation sees it.
    func workflow<I>(_ req: ChamelioRequest<I>) -> Outcome<ChamelioWorkflow, HTTPResponse> {
        let id = req.ctx.parameters.require("workflow_id")
        let versions: [ChamelioWorkflow]
        do {
            versions = try ChamelioWorkflows.versions(id, organization: req.organization) { k throws(StoreError) in try store.resource(k) }
        } catch {
            return .failure(Self.response(for: error))
        }
        guard !versions.isEmpty else { return .failure(Self.workflowNotFound) }
        guard let wf = ChamelioWorkflows.select(versions, req.ctx.parameters.require("version")) else { return .failure(Self.versionNotFound) }
        return .success(wf)
    }

    /// What a write that creates a task ends with.
    enum Created: Sendable {
        case task(ChamelioTask)
        case refused(String)
    }

    func initiate<I>(_ req: ChamelioRequest<I>, _ check: @Sendable (ChamelioWorkflow) -> Result<ChamelioInitiation, ChamelioValueError>) {
        let wf: ChamelioWorkflow
        switch workflow(req) {
        case .failure(let r): return req.respond(r)
        case .success(let w): wf = w
        }
        guard wf.isActive else { return req.respond(FastAPIErrors.detail(400, "Workflow is not active")) }
        let initiation: ChamelioInitiation
        switch check(wf) {
        case .failure(let e): return req.respond(FastAPIErrors.detail(400, e.message))
        case .success(let i): initiation = i
        }
        let organization = req.organization
        let owner = initiation.user ?? req.caller.ownerEmail
        let lifecycles = self.lifecycles
        let respond = req.respond
        store.write({ tx -> Created in
            try Self.create(tx, organization: organization, workflow: wf, initiation: initiation, owner: owner, lifecycles: lifecycles)
        }, completion: { result in
            switch result {
            case .success(.task(let t)):
                var w = JSONWriter(capacity: 160)
                w.beginObject()
                w.key("task_id"); w.int(t.taskID)
                w.key("status"); w.string(t.status)
                w.key("task_url"); w.string(ChamelioTask.url(t.taskID))
                w.key("message"); w.string("Workflow initiated successfully")
                w.endObject()
                respond(.json(200, w.bytes))
            case .success(.refused(let detail)): respond(FastAPIErrors.detail(400, detail))
            case .failure(let e): respond(Self.response(for: e))
            }
        })
    }

    /// Creates the task in `tx`: its id, its files, its first step and whatever the lifecycle
    /// mode does at creation, and the events for the organisation's webhooks.
    static func create(_ tx: WriteTransaction, organization: String, workflow wf: ChamelioWorkflow, initiation: ChamelioInitiation,
                       owner: String?, lifecycles: Lifecycles) throws -> Created {
        // Referenced files must be the organisation's; nothing is written before this check.
        for e in initiation.entries {
            if case .file(let id) = e.source, try tx.resource(ChamelioFiles.key(organization, id)) == nil {
                return .refused("File not found: \(id)")
            }
        }
        let taskID = try tx.nextSequence(dialect: dialectName, name: "task")
        let intake = (wf.steps.first { $0.type == .intake } ?? wf.steps[0]).id
        var t = ChamelioTask(taskID: taskID, organization: organization, title: nil, workflow: wf,
                             workflowStateID: "ws_" + Randomness.shared.hex(6), status: "created", createdAt: tx.now,
                             ownerEmail: owner, collaborators: [])
        t.metadata = initiation.metadata
        t.initiatedBy = owner
        for e in initiation.entries {
            let value: JSONValue
            switch e.source {
            case .value(let v):
                value = v
            case .file(let id):
                if let r = try tx.resource(ChamelioFiles.key(organization, id)), var ref = ChamelioFiles.ref(r) {
                    ref.variableID = e.def.id
                    t.files.append(ref)
                }
                value = .string(id)
            case .upload(let name, let data):
                let ref = try ChamelioFiles.store(tx, organization: organization, taskID: taskID, document: false, name: name,
                                                  contentType: nil, variableID: e.def.id, stepID: intake, data: data)
                t.files.append(ref)
                value = .string(ref.fileID)
            }
            t.variables.append(ChamelioVariable(type: e.def.type, value: value, stepID: intake, variableID: e.def.id))
        }
        t.title = title(wf, t)
        t.collaborators = wf.collaborators.compactMap { ChamelioEngine.resolve($0, in: t) }.filter { $0 != owner }
        var engine = Self.engine(tx)
        engine.start(&t, at: tx.now)
        try engine.settle(&t, mode: try lifecycles.mode(tx, tenant: organization), now: tx.now, poll: false)
        try tx.insert(t.record, validateDependencies: false)
        try ChamelioWebhooks.enqueue(tx, organization: organization, engine.events)
        return .task(t)
    }

    /// `task_title`: the definition's `title_template` with `{workflow_name}` and
    /// `{variable_id}` filled in (unset variables leave nothing), else the workflow name.
    static func title(_ wf: ChamelioWorkflow, _ t: ChamelioTask) -> String {
        guard var text = wf.titleTemplate else { return wf.name }
        text = text.replacingAll("{workflow_name}", with: wf.name)
        for def in wf.variables {
            let value = t.variables.first { $0.variableID == def.id }?.value
            let shown: String
            switch value {
            case .string(let s)?: shown = s
            case nil, .null?: shown = ""
            case let v?: shown = v.encodedString
            }
            text = text.replacingAll("{\(def.id)}", with: shown)
        }
        return text
    }

    /// The engine, with documents stored in `tx` as files of the task.
    static func engine(_ tx: WriteTransaction) -> ChamelioEngine {
        ChamelioEngine { t, step, at in
            let doc = ChamelioFiles.document(for: t, step: step, at: at)
            return try ChamelioFiles.store(tx, organization: t.organization, taskID: t.taskID, document: true, name: doc.name,
                                           contentType: "text/plain", variableID: nil, stepID: step.id, data: doc.data, createdAt: at)
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced (Foundation's `replacingOccurrences` is not here).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
