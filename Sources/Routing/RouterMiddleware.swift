import HTTP1

/// The continuation a middleware calls to run the rest of the chain: the next middleware, or
/// the route's handler. It takes the (possibly wrapped) responder along, so a middleware can
/// decorate every answer that comes back through it (rate-limit headers, say).
public typealias Next<Context> = @Sendable (Context, @escaping Responder) -> Void

/// One step of a route group's chain, run before the handler (Hummingbird 2's
/// `RouterMiddleware`, in the callback form our handlers use).
///
/// A middleware either answers through `respond` and stops the chain (401, 429, a body that
/// is not JSON), or calls `next` exactly once with the context for the rest of the chain. It
/// may turn one context type into a richer one (`Input` to `Output`): an auth middleware takes
/// the routed `RequestContext` and hands on a context that carries the authenticated caller
/// and tenant, so handlers never repeat that work.
///
/// The order of a group's middleware is the order of the vendor's checks, which is part of
/// its fidelity (FastAPI resolves its security dependency before it validates path
/// parameters; an Express app runs its auth middleware before the route).
public protocol RouterMiddleware<Input, Output>: Sendable {
    associatedtype Input: Sendable
    associatedtype Output: Sendable

    func handle(_ input: Input, respond: @escaping Responder, next: @escaping Next<Output>)
}

/// A middleware from a closure, for one-off steps.
public struct MiddlewareClosure<Input: Sendable, Output: Sendable>: RouterMiddleware {
    let body: @Sendable (Input, @escaping Responder, @escaping Next<Output>) -> Void

    public init(_ body: @escaping @Sendable (Input, @escaping Responder, @escaping Next<Output>) -> Void) {
        self.body = body
    }

    public func handle(_ input: Input, respond: @escaping Responder, next: @escaping Next<Output>) {
        body(input, respond, next)
    }
}
