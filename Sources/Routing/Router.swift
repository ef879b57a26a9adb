import HTTP1
import Synchronization

/// A method + path-template router. Templates are `/`-separated segments, each a literal or a
/// `{capture}`. Matching is by segment over a trie; literals are tried before captures, with
/// backtracking, so `/tasks/by-call/{sid}` and `/tasks/{id}` coexist and `/tasks/by-call`
/// still reaches `/tasks/{id}`. Segments are percent-decoded after splitting, so `%2F` never
/// splits a capture, unless a group asks for another stack's rules (`PathMatching`).
///
/// Dialects mount route groups (`group(_:errorShape:)`): a path prefix, the error shape of the
/// paths they own (the longest registered prefix decides the shape of a 404/405), and a chain
/// of middleware in front of the handlers. Routes marked `.offLoop` run on `offload`.
public struct Router: Sendable {
    /// A handler answers through `respond`, exactly once, from any queue.
    public typealias Handler = @Sendable (RequestContext, @escaping Responder) -> Void

    struct Route: Sendable {
        var handler: Handler
        var options: RouteOptions
        var template: String
    }

    /// Runs after a group's middleware chain and before the handler: `proceed(responder)` runs
    /// the handler, answering through `responder` (the given `respond`, or one that alters the
    /// answer); not calling it and answering through `respond` instead replaces the handler's
    /// answer (an injected fault). The trace then knows the dialect, route and tenant.
    public typealias Interceptor = @Sendable (RequestContext, @escaping Responder,
                                              @escaping @Sendable (@escaping Responder) -> Void) -> Void

    let root = Node()
    private var shapes: [(prefix: String, shape: any ErrorShape)] = []
    private let fallbackShape: any ErrorShape = DefaultErrorShape()
    /// Paths under these prefixes (longest first) are matched by their group's rules.
    private var matchings: [(prefix: String, matching: PathMatching)] = []
    /// Where `.offLoop` routes run. Replace it before serving to size it from flags.
    public var offload = OffloadPool(width: 2, maxPending: 256)
    /// See `Interceptor`; nil: handlers run right after their chain.
    public var interceptor: Interceptor?

    public init() {}

    // MARK: building

    /// Adds a route. Its handler answers later through `respond` (a store write) or at once.
    public mutating func on(_ method: String, _ template: String, options: RouteOptions = [], _ handler: @escaping Handler) {
        Self.add(root, method, template, Route(handler: handler, options: options, template: template))
    }

    /// Adds a route whose handler answers at once.
    public mutating func on(_ method: String, _ template: String, options: RouteOptions = [],
                            sync handler: @escaping @Sendable (RequestContext) -> HTTPResponse) {
        on(method, template, options: options) { ctx, respond in respond(handler(ctx)) }
    }

    public mutating func get(_ t: String, options: RouteOptions = [], _ h: @escaping Handler) { on("GET", t, options: options, h) }
    public mutating func post(_ t: String, options: RouteOptions = [], _ h: @escaping Handler) { on("POST", t, options: options, h) }
    public mutating func put(_ t: String, options: RouteOptions = [], _ h: @escaping Handler) { on("PUT", t, options: options, h) }
    public mutating func delete(_ t: String, options: RouteOptions = [], _ h: @escaping Handler) { on("DELETE", t, options: options, h) }
    public mutating func get(_ t: String, options: RouteOptions = [], sync h: @escaping @Sendable (RequestContext) -> HTTPResponse) {
        on("GET", t, options: options, sync: h)
    }

    /// A route group under `prefix` (a template: it may hold captures). With `errorShape`,
    /// paths under `shapePrefix` (by default the literal part of `prefix`, up to its first
    /// capture) answer the router's own 404/405 and refusals in that shape.
    /// `dialect` names the owner of the group's routes in the request trace. `matching`: the
    /// rules for matching paths under the same prefix (`PathMatching`; `.default` unless the
    /// vendor's stack matches differently).
    public mutating func group(_ prefix: String, dialect: String? = nil, errorShape: (any ErrorShape)? = nil,
                               shapePrefix: String? = nil, matching: PathMatching = .default) -> RouteGroup<RequestContext> {
        let literal = shapePrefix ?? String(prefix[..<(prefix.firstIndex(of: "{") ?? prefix.endIndex)])
        if let errorShape { self.errorShape(forPrefix: literal, errorShape) }
        if matching != .default {
            matchings.append((literal, matching))
            matchings.sort { $0.prefix.utf8.count > $1.prefix.utf8.count }
        }
        guard let dialect else { return RouteGroup(root: root, prefix: prefix) { ctx, respond, next in next(ctx, respond) } }
        return RouteGroup(root: root, prefix: prefix) { ctx, respond, next in
            ctx.trace.dialect = dialect
            next(ctx, respond)
        }
    }

    /// Paths that start with `prefix` answer 404/405 in `shape`.
    public mutating func errorShape(forPrefix prefix: String, _ shape: any ErrorShape) {
        shapes.append((prefix, shape))
        shapes.sort { $0.prefix.utf8.count > $1.prefix.utf8.count }
    }

    static func add(_ root: Node, _ method: String, _ template: String, _ route: Route) {
        precondition(!root.sealed.load(ordering: .relaxed), "route \(method) \(template) added after the router started serving")
        var node = root
        for seg in template.split(separator: "/", omittingEmptySubsequences: true) {
            if seg.first == "{" && seg.last == "}" {
                let name = String(seg.dropFirst().dropLast())
                if let c = node.capture {
                    precondition(c.name == name, "conflicting capture names {\(c.name)} and {\(name)} in \(template)")
                    node = c.node
                } else {
                    let n = Node(captures: node.captures + 1)
                    node.capture = (name, n)
                    node = n
                }
            } else {
                let key = String(seg)
                if let n = node.literal(key) { node = n } else {
                    let n = Node(captures: node.captures)
                    node.literals.append(Literal(key, n))
                    node = n
                }
            }
        }
        precondition(node.route(method) == nil, "duplicate route \(method) \(template)")
        node.routes.append((method, route))
    }

    // MARK: dispatch

    /// The rules for matching `path`: those of the group with the longest prefix of it, raw or
    /// as matching reads it (decoded, empty segments dropped). A stack that decodes before
    /// routing (uvicorn) routes `/%74asks/1` as `/tasks/1`, and the trie matches `//tasks/1` as
    /// `/tasks/1`: chosen by the raw prefix alone, such a path reached a group's routes under
    /// polytask's rules, so HEAD and `%2F` answered otherwise than on the plain path (found by
    /// RouterFuzz: Tests/FuzzTests/Regressions/router/escaped-group-prefix, doubled-slash-prefix).
    public func matching(for path: Substring) -> PathMatching {
        var raw = path
        return raw.withUTF8 { matching(for: path, utf8: $0, scan: PathScan($0)) }
    }

    /// `matching(for:)`, given `path`'s UTF-8 and what a scan of it found (`match` has both).
    func matching(for path: Substring, utf8: UnsafeBufferPointer<UInt8>, scan: PathScan) -> PathMatching {
        for (prefix, m) in matchings where ASCIIScan.hasPrefix(path, utf8: utf8, prefix) { return m }
        return routedOwner(of: path, mayDifferWhenRouted: scan.mayDifferWhenRouted)?.matching ?? .default
    }

    /// The group with rules of its own (`matchings`) whose prefix `path` reaches only as
    /// matching reads it (decoded, doubled slashes as one). Prefixes hold no '%' and no "//":
    /// only then can the routed form add a match, so other paths pay one byte scan.
    private func routedOwner(of path: Substring, mayDifferWhenRouted: @autoclosure () -> Bool) -> (prefix: String, matching: PathMatching)? {
        guard !matchings.isEmpty, mayDifferWhenRouted() else { return nil }
        let routed = Self.routedForm(path)
        return matchings.first { routed.hasPrefix($0.prefix) }
    }

    /// Whether `path` holds a '%' or "//" (scanned as contiguous bytes: iterating a
    /// `Substring`'s UTF-8 view costs several times more per byte).
    private static func mayDifferWhenRouted(_ path: Substring) -> Bool {
        var raw = path
        return raw.withUTF8 { PathScan($0).mayDifferWhenRouted }
    }

    /// `path` percent-decoded (leniently), each run of '/' written once.
    private static func routedForm(_ path: Substring) -> String {
        var out = String.UnicodeScalarView()
        for c in PercentDecoding.decodeLeniently(path).unicodeScalars where !(c == "/" && out.last == "/") { out.append(c) }
        return String(out)
    }

    /// The error shape that owns `path`.
    /// As `matching(for:)` does, a group whose stack decodes before routing also owns the paths
    /// that reach its prefix only once decoded (`/%74asks/x/y/z` is Starlette's 404, in
    /// Starlette's shape); groups with the default rules own raw prefixes only.
    public func shape(for path: Substring) -> any ErrorShape {
        for (prefix, shape) in shapes where ASCIIScan.hasPrefix(path, prefix) { return shape }
        guard let owner = routedOwner(of: path, mayDifferWhenRouted: Self.mayDifferWhenRouted(path)) else { return fallbackShape }
        return shapes.first { $0.prefix == owner.prefix }?.shape ?? fallbackShape
    }

    /// Routes one request; `respond` is called exactly once.
    public func handle(_ request: HTTPRequest, requestID: String, trace: RequestTrace = RequestTrace(),
                       respond: @escaping Responder) {
        assert({ root.sealed.store(true, ordering: .relaxed); return true }())
        let path = request.head.path
        var ctx = RequestContext(request: request, requestID: requestID, trace: trace)
        switch match(method: request.head.method, path: path) {
        case .found(let handler, let params, let options, let template):
            ctx.parameters = params
            ctx.options = options
            if let interceptor {
                ctx.interceptor = interceptor
                ctx.errorShape = shape(for: path)
            }
            trace.route = template
            if options.contains(.offLoop) {
                let job = ctx
                guard offload.submit({ handler(job, respond) }) else {
                    respond(shape(for: path).error(status: 503, code: "busy",
                                                   message: "Too many costly requests in progress; retry shortly"))
                    return
                }
            } else {
                handler(ctx, respond)
            }
        case .methodNotAllowed(let allowed):
            respond(shape(for: path).methodNotAllowed(ctx, allowed: allowed))
        case .notFound:
            respond(shape(for: path).notFound(ctx))
        case .redirect(let to):
            respond(SlashRedirect.response(to: to, request: request.head))
        }
    }
}
