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

    final class Node: @unchecked Sendable {
        // @unchecked: mutated only while the router is being built, on the thread building it,
        // before the router is handed to the server; read-only afterwards. Debug builds check
        // it: the first request seals the root, and adding a route to a sealed trie traps.
        let sealed = Atomic<Bool>(false)
        var literals: [String: Node] = [:]
        var capture: (name: String, node: Node)?
        var routes: [String: Route] = [:]
        /// The methods in the order their routes were added (for `PathMatching.allowsFirstRouteOnly`).
        var order: [String] = []
    }

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
                    let n = Node()
                    node.capture = (name, n)
                    node = n
                }
            } else {
                let key = String(seg)
                if let n = node.literals[key] { node = n } else {
                    let n = Node()
                    node.literals[key] = n
                    node = n
                }
            }
        }
        precondition(node.routes[method] == nil, "duplicate route \(method) \(template)")
        node.routes[method] = route
        node.order.append(method)
    }

    // MARK: dispatch

    /// The outcome of matching a method and path.
    public enum Match {
        case found(Handler, Parameters, RouteOptions, template: String)
        case methodNotAllowed([String])
        case notFound
    }

    /// The rules for matching `path`: those of the group with the longest prefix of it, raw or
    /// as matching reads it (decoded, empty segments dropped). A stack that decodes before
    /// routing (uvicorn) routes `/%74asks/1` as `/tasks/1`, and the trie matches `//tasks/1` as
    /// `/tasks/1`: chosen by the raw prefix alone, such a path reached a group's routes under
    /// polytask's rules, so HEAD and `%2F` answered otherwise than on the plain path (found by
    /// RouterFuzz: Tests/FuzzTests/Regressions/router/escaped-group-prefix, doubled-slash-prefix).
    public func matching(for path: Substring) -> PathMatching {
        for (prefix, m) in matchings where ASCIIScan.hasPrefix(path, prefix) { return m }
        return routedOwner(of: path)?.matching ?? .default
    }

    /// The group with rules of its own (`matchings`) whose prefix `path` reaches only as
    /// matching reads it (decoded, doubled slashes as one). Prefixes hold no '%' and no "//":
    /// only then can the routed form add a match, so other paths pay one byte scan.
    private func routedOwner(of path: Substring) -> (prefix: String, matching: PathMatching)? {
        guard !matchings.isEmpty, Self.mayDifferWhenRouted(path) else { return nil }
        let routed = Self.routedForm(path)
        return matchings.first { routed.hasPrefix($0.prefix) }
    }

    private static func mayDifferWhenRouted(_ path: Substring) -> Bool {
        var slash = false
        for c in path.utf8 {
            if c == UInt8(ascii: "%") || (slash && c == UInt8(ascii: "/")) { return true }
            slash = c == UInt8(ascii: "/")
        }
        return false
    }

    /// `path` percent-decoded (leniently), each run of '/' written once.
    private static func routedForm(_ path: Substring) -> String {
        var out = String.UnicodeScalarView()
        for c in PercentDecoding.decodeLeniently(path).unicodeScalars where !(c == "/" && out.last == "/") { out.append(c) }
        return String(out)
    }

    /// Matches a raw (percent-encoded) path.
    public func match(method: String, path: Substring) -> Match {
        let rules = matching(for: path)
        var segments: [String] = []
        if rules.decodesPathBeforeMatching {
            for s in PercentDecoding.decodeLeniently(path).split(separator: "/", omittingEmptySubsequences: true) {
                segments.append(String(s))
            }
        } else {
            for raw in ASCIIScan.split(path, UInt8(ascii: "/")) {
                guard let s = PercentDecoding.decode(raw) else { return .notFound }
                segments.append(s)
            }
        }
        var captured: [(String, String)] = []
        guard let node = Self.find(root, segments[...], &captured) else { return .notFound }
        var params = Parameters()
        for (k, v) in captured { params.set(k, v) }
        if let r = node.routes[method] { return .found(r.handler, params, r.options, template: r.template) }
        if rules.headFollowsGet, method == "HEAD", let r = node.routes["GET"] {
            return .found(r.handler, params, r.options, template: r.template)
        }
        if rules.allowsFirstRouteOnly, let first = node.order.first { return .methodNotAllowed([first]) }
        return .methodNotAllowed(Self.allowed(node))
    }

    private static func allowed(_ node: Node) -> [String] {
        var methods = Set(node.routes.keys)
        if methods.contains("GET") { methods.insert("HEAD") }
        let order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
        return order.filter { methods.contains($0) } + methods.subtracting(order).sorted()
    }

    /// Depth-first: literal child first, then the capture; a node counts only if it has routes.
    private static func find(_ node: Node, _ rest: ArraySlice<String>, _ captured: inout [(String, String)]) -> Node? {
        guard let seg = rest.first else { return node.routes.isEmpty ? nil : node }
        let tail = rest.dropFirst()
        if let lit = node.literals[seg], let n = find(lit, tail, &captured) { return n }
        if let (name, child) = node.capture, !seg.isEmpty {
            captured.append((name, seg))
            if let n = find(child, tail, &captured) { return n }
            captured.removeLast()
        }
        return nil
    }

    /// The error shape that owns `path`.
    /// As `matching(for:)` does, a group whose stack decodes before routing also owns the paths
    /// that reach its prefix only once decoded (`/%74asks/x/y/z` is Starlette's 404, in
    /// Starlette's shape); groups with the default rules own raw prefixes only.
    public func shape(for path: Substring) -> any ErrorShape {
        for (prefix, shape) in shapes where ASCIIScan.hasPrefix(path, prefix) { return shape }
        guard let owner = routedOwner(of: path) else { return fallbackShape }
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
        }
    }
}
