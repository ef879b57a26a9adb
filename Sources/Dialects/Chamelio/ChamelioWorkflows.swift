import Emulator
import JSON
import Store

/// Where workflow definitions live and which one an organisation sees.
///
/// Each workflow is one store resource (kind `workflow`, id = `workflow_id`) holding every
/// version: `{"workflow_id": ..., "versions": [definition, ...]}`. An organisation sees, for a
/// workflow id, the versions of the first of these that has any: its own resource, the
/// resource of the tenant `*` (definitions for every organisation, from a seed or the control
/// route), the built-in ones (`ChamelioBuiltins`). Publishing into an organisation that only
/// sees `*` or built-in versions copies those first, so version history carries on.
enum ChamelioWorkflows {
    static let kind = "workflow"
    /// The tenant whose definitions every organisation sees.
    static let everyOrganization = Lifecycles.allTenants

    typealias Read = (ResourceKey) throws(StoreError) -> ResourceRecord?

    static func key(_ organization: String, _ workflowID: String) -> ResourceKey {
        ResourceKey(dialect: ChamelioDialect.dialectName, tenant: organization, kind: kind, id: workflowID)
    }

    /// The versions `organization` sees, oldest first.
    static func versions(_ workflowID: String, organization: String, read: Read) throws(StoreError) -> [ChamelioWorkflow] {
        var tenants = [organization]
        if organization != everyOrganization { tenants.append(everyOrganization) }
        for t in tenants {
            if let r = try read(key(t, workflowID)) {
                let v = decode(r)
                if !v.isEmpty { return v }
            }
        }
        return ChamelioBuiltins.versions(workflowID)
    }

    /// `version` as the path gives it: `latest` (the highest version), or a version number.
    static func select(_ versions: [ChamelioWorkflow], _ version: String) -> ChamelioWorkflow? {
        if version == "latest" { return versions.max { $0.version < $1.version } }
        guard let n = Int64(version) else { return nil }
        return versions.first { $0.version == n }
    }

    static func decode(_ r: ResourceRecord) -> [ChamelioWorkflow] {
        guard let body = try? JSONParser.parse(r.bodyJSON), let list = body["versions"]?.arrayValue else { return [] }
        return list.compactMap { try? ChamelioWorkflow.parse($0, place: "workflow") }.sorted { $0.version < $1.version }
    }

    static func record(_ organization: String, _ workflowID: String, _ versions: [ChamelioWorkflow], createdAt: Int64,
                       now: Int64) -> ResourceRecord {
        let body: JSONValue = ["workflow_id": .string(workflowID), "versions": .array(versions.map(\.json))]
        return ResourceRecord(dialect: ChamelioDialect.dialectName, tenant: organization, kind: kind, id: workflowID,
                              bodyJSON: body.encodedString, createdAt: createdAt, updatedAt: now)
    }

    /// What publishing did: the version stored, the one before it (nil for a first version),
    /// and whether it is new (a published version number that existed is replaced in place).
    struct Published: Sendable, Equatable {
        var workflow: ChamelioWorkflow
        var previousVersion: Int64?
        var isNew: Bool
    }

    /// Stores `wf` for `organization`. `numbered`: the definition gave its version; otherwise it
    /// becomes the highest version seen plus one.
    static func publish(_ tx: WriteTransaction, organization: String, _ wf: ChamelioWorkflow, numbered: Bool) throws(StoreError) -> Published {
        let own = try tx.resource(key(organization, wf.workflowID))
        var current = try versions(wf.workflowID, organization: organization) { k throws(StoreError) in try tx.resource(k) }
        var stored = wf
        let highest = current.map(\.version).max()
        if !numbered { stored.version = (highest ?? 0) + 1 }
        let isNew = !current.contains { $0.version == stored.version }
        current.removeAll { $0.version == stored.version }
        current.append(stored)
        current.sort { $0.version < $1.version }
        try tx.putResource(record(organization, wf.workflowID, current, createdAt: own?.createdAt ?? tx.now, now: tx.now))
        let previous = current.last { $0.version < stored.version }?.version
        return Published(workflow: stored, previousVersion: previous, isNew: isNew)
    }
}
