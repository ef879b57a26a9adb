import HTTP1

/// Routes under one path prefix that share a chain of middleware (Hummingbird 2's
/// `RouterGroup`). `Context` is what the chain has built when a handler runs: the routed
/// `RequestContext` at first, then whatever each added middleware hands on (the tenant, the
/// authenticated caller, a parsed body).
///
///     var g = router.group("/api/v3/organizations/{organisation}/ai/tasks", errorShape: QuantErrorShape(),
///                          shapePrefix: "/api/v3/organizations")
///         .add(QuantAuthMiddleware(...))          // RouteGroup<QuantContext>
///     g.get("/{taskId}") { (ctx: QuantContext, respond) in ... }
///
/// Routes are registered in the router's trie as they are added; the group is only a
/// builder and may be dropped afterwards.
public struct RouteGroup<Context: Sendable>: Sendable {
    let root: Router.Node
    let prefix: String
    /// Runs the chain for a routed request and calls the last continuation with the context.
    let chain: @Sendable (RequestContext, @escaping Responder, @escaping Next<Context>) -> Void

    init(root: Router.Node, prefix: String,
         chain: @escaping @Sendable (RequestContext, @escaping Responder, @escaping Next<Context>) -> Void) {
        self.root = root
        self.prefix = prefix
        self.chain = chain
    }

    /// The group with `middleware` appended to its chain. Routes added to the result run it
    /// after the middleware already in the chain; routes added to `self` do not.
    public func add<M: RouterMiddleware>(_ middleware: M) -> RouteGroup<M.Output> where M.Input == Context {
        let chain = self.chain
        return RouteGroup<M.Output>(root: root, prefix: prefix) { ctx, respond, next in
            chain(ctx, respond) { c, r in middleware.handle(c, respond: r, next: next) }
        }
    }

    /// A nested group under `prefix + path`, with the same chain.
    public func group(_ path: String) -> RouteGroup<Context> {
        RouteGroup(root: root, prefix: prefix + path, chain: chain)
    }

    /// Adds `method prefix+path`: the chain, then `handler`, which answers through `respond`
    /// exactly once (at once, or later from any queue).
    public func on(_ method: String, _ path: String, options: RouteOptions = [],
                   _ handler: @escaping @Sendable (Context, @escaping Responder) -> Void) {
        let chain = self.chain
        let template = prefix + path
        Router.add(root, method, template, Router.Route(handler: { ctx, respond in
            guard let intercept = ctx.interceptor else { return chain(ctx, respond, handler) }
            chain(ctx, respond) { c, r in intercept(ctx, r) { answer in handler(c, answer) } }
        }, options: options, template: template))
    }

    /// Adds a route whose handler answers at once.
    public func on(_ method: String, _ path: String, options: RouteOptions = [],
                   sync handler: @escaping @Sendable (Context) -> HTTPResponse) {
        on(method, path, options: options) { ctx, respond in respond(handler(ctx)) }
    }

    public func get(_ path: String, options: RouteOptions = [], _ h: @escaping @Sendable (Context, @escaping Responder) -> Void) {
        on("GET", path, options: options, h)
    }
    public func post(_ path: String, options: RouteOptions = [], _ h: @escaping @Sendable (Context, @escaping Responder) -> Void) {
        on("POST", path, options: options, h)
    }
    public func put(_ path: String, options: RouteOptions = [], _ h: @escaping @Sendable (Context, @escaping Responder) -> Void) {
        on("PUT", path, options: options, h)
    }
    public func delete(_ path: String, options: RouteOptions = [], _ h: @escaping @Sendable (Context, @escaping Responder) -> Void) {
        on("DELETE", path, options: options, h)
    }
    public func get(_ path: String, options: RouteOptions = [], sync h: @escaping @Sendable (Context) -> HTTPResponse) {
        on("GET", path, options: options, sync: h)
    }
}
