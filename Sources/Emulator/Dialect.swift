import JSON
import Routing
import Store

/// A vendor dialect as the emulator sees it: a thin adapter that mounts the vendor's routes over
/// the shared task store, and contributes its part to the control plane through this one
/// protocol (seed and export, reset scope, lifecycle modes, its own control routes), so that
/// the four dialects look the same from `/_polytask/`.
public protocol Dialect: Sendable {
    /// The dialect's key: in seed and export documents, in the store's `dialect` column, and as
    /// the path segment of its control routes (`quant`, `amigo`, `agentTask`, `chamelio`).
    var name: String { get }

    /// Registers the vendor's routes (route groups with the dialect's middleware chain and
    /// error shape).
    func mount(on router: inout Router)

    /// Loads this dialect's part of a seed document, `{"<tenant>": <tenant part>, ...}`.
    /// Blocks until it is committed; a bad part throws (with a message naming the place) and
    /// loads nothing.
    func seed(_ part: JSONValue) throws

    /// This dialect's part of an export document: every tenant, or one. `seed` takes it back
    /// unchanged and the round trip loses nothing (ids, timestamps, statuses, dependencies,
    /// credentials as they can be re-registered, lifecycle modes). An empty object when there
    /// is nothing.
    func export(tenant: String?) throws -> JSONValue

    /// Deletes this dialect's state: every tenant, or one. `scope` says what goes: `.all`
    /// (tasks, resources, webhook deliveries, credentials, settings such as lifecycle modes)
    /// or `.data` (tasks, resources, deliveries: a per-test reset that keeps registered keys).
    /// Other tenants and dialects are untouched.
    func reset(tenant: String?, scope: ResetScope) throws

    /// A tenant as the control plane received it, in the form the dialect stores (Amigo's
    /// workspace UUID in canonical form); throws `ControlError` (400) if the vendor could
    /// never have such a tenant.
    func tenant(_ raw: String) throws -> String

    /// Whether the dialect's tasks move through lifecycle modes (`LifecycleMode`), and the
    /// default mode for tenants that have not chosen one (set by the dialect's flag).
    var defaultLifecycle: LifecycleMode? { get }

    /// Moves one task one step forward (the `manual` mode's explicit advance). Returns the
    /// task as the vendor would now show it, or throws `ControlError`.
    func advance(tenant: String, taskID: String) throws -> JSONValue

    /// How the webhook worker delivers this dialect's outbox events (nil: `WebhookPolicy.standard`).
    var webhookPolicy: WebhookPolicy? { get }

    /// The dialect's own control routes, mounted under `/_polytask/<name>/` behind the control
    /// plane's admin check (credentials the vendor registers in a UI, workflow definitions...).
    func mountControl(on group: RouteGroup<RequestContext>)
}

extension Dialect {
    public var defaultLifecycle: LifecycleMode? { nil }

    public var webhookPolicy: WebhookPolicy? { nil }

    public func tenant(_ raw: String) throws -> String { raw }

    public func advance(tenant: String, taskID: String) throws -> JSONValue {
        throw ControlError(status: 404, code: "not_supported", message: "\(name) tasks have no lifecycle to advance")
    }

    public func mountControl(on group: RouteGroup<RequestContext>) {}
}

/// A refusal from a dialect's control-plane contribution, answered by the control plane in its
/// own `{"error","message"}` shape.
public struct ControlError: Error, Sendable, CustomStringConvertible {
    public var status: Int
    public var code: String
    public var message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public static func invalid(_ message: String) -> ControlError { ControlError(status: 400, code: "invalid", message: message) }
    public static func notFound(_ message: String) -> ControlError { ControlError(status: 404, code: "not_found", message: message) }

    public var description: String { message }
}

/// `--auth open|strict`: in `open` any well-formed credential is accepted; in `strict` only
/// credentials registered for the tenant are.
public enum AuthMode: String, Sendable, CaseIterable {
    case open
    case strict
}

extension Dialect {
    /// The usual `reset`: one store write that deletes `scope` of this dialect's state, for one
    /// tenant or all of them.
    public func resetState(in store: TaskStore, tenant: String?, scope: ResetScope) throws {
        let dialect = name
        try store.writeAndWait { tx in
            if let tenant {
                _ = try tx.deleteTenant(dialect: dialect, tenant: tenant, scope: scope)
            } else {
                _ = try tx.deleteDialect(dialect, scope: scope)
            }
        }
    }
}
