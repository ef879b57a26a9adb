import Synchronization

/// What the pipeline learns about a request as it runs, for the parts of the emulator that
/// look at every request from outside the dialects (the request journal, metrics, fault
/// rules): the dialect whose group matched, the route template, and the tenant the dialect's
/// middleware resolved (from the path or from the credential).
///
/// A class shared by the front door that made it and the middleware that fill it in, which
/// may run on different threads (a write's completion answers from the store's queue): its
/// fields are behind a lock.
public final class RequestTrace: Sendable {
    private struct Fields {
        var dialect: String?
        var tenant: String?
        var route: String?
    }

    private let fields = Mutex(Fields())

    public init() {}

    /// The dialect that owns the matched route (`quant`, `amigo`, ...); nil for the control plane.
    public var dialect: String? {
        get { fields.withLock { $0.dialect } }
        set { fields.withLock { $0.dialect = newValue } }
    }

    /// The tenant the dialect resolved: organisation, workspace, API-key user or organisation.
    public var tenant: String? {
        get { fields.withLock { $0.tenant } }
        set { fields.withLock { $0.tenant = newValue } }
    }

    /// The matched route's template (`/api/v3/organizations/{organisation}/ai/tasks/{taskId}`).
    public var route: String? {
        get { fields.withLock { $0.route } }
        set { fields.withLock { $0.route = newValue } }
    }
}
