import HTTP1

/// A method + path-template router. Templates are `/`-separated segments, each a literal or a
/// `{capture}`. Matching is by segment over a trie; literals are tried before captures, with
/// backtracking, so `/tasks/by-call/{sid}` and `/tasks/{id}` coexist and `/tasks/by-call`
/// still reaches `/tasks/{id}`. Segments are percent-decoded after splitting, so `%2F` never
/// splits a capture.
///
/// Each dialect mounts its routes and registers the `ErrorShape` for the path prefix it owns;
/// the longest registered prefix decides the shape of a 404/405.
public struct Router: Sendable {
    /// A handler answers through `respond`, exactly once, from any queue.
    public typealias Handler = @Sendable (RequestContext, @escaping Responder) -> Void

    private final class Node: @unchecked Sendable {
        // Mutated only while the router is being built (before it is shared).
        var literals: [String: Node] = [:]
        var capture: (name: String, node: Node)?
        var handlers: [String: Handler] = [:]
    }

    private var root = Node()
    private var shapes: [(prefix: String, shape: any ErrorShape)] = []
    private var fallbackShape: any ErrorShape = DefaultErrorShape()

    public init() {}

    // MARK: building

    /// Adds a route whose handler answers later (through `respond`), e.g. after a store write.
    public mutating func on(_ method: String, _ template: String, _ handler: @escaping Handler) {
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
        precondition(node.handlers[method] == nil, "duplicate route \(method) \(template)")
        node.handlers[method] = handler
    }

    /// Adds a route whose handler answers at once.
    public mutating func on(_ method: String, _ template: String, sync handler: @escaping @Sendable (RequestContext) -> HTTPResponse) {
        on(method, template) { ctx, respond in respond(handler(ctx)) }
    }

    public mutating func get(_ t: String, _ h: @escaping @Sendable (RequestContext) -> HTTPResponse) { on("GET", t, sync: h) }
    public mutating func post(_ t: String, _ h: @escaping Handler) { on("POST", t, h) }
    public mutating func put(_ t: String, _ h: @escaping Handler) { on("PUT", t, h) }
    public mutating func delete(_ t: String, _ h: @escaping Handler) { on("DELETE", t, h) }

    /// Paths that start with `prefix` answer 404/405 in `shape`.
    public mutating func errorShape(forPrefix prefix: String, _ shape: any ErrorShape) {
        shapes.append((prefix, shape))
        shapes.sort { $0.prefix.utf8.count > $1.prefix.utf8.count }
    }

    /// The shape for paths no registered prefix covers.
    public mutating func defaultErrorShape(_ shape: any ErrorShape) { fallbackShape = shape }

    // MARK: dispatch

    /// The outcome of matching a method and path.
    public enum Match {
        case found(Handler, Parameters)
        case methodNotAllowed([String])
        case notFound
    }

    /// Matches a raw (percent-encoded) path.
    public func match(method: String, path: Substring) -> Match {
        var segments: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: true) {
            guard let s = PercentDecoding.decode(raw) else { return .notFound }
            segments.append(s)
        }
        var captured: [(String, String)] = []
        guard let node = Self.find(root, segments[...], &captured) else { return .notFound }
        var params = Parameters()
        for (k, v) in captured { params.set(k, v) }
        if let h = node.handlers[method] { return .found(h, params) }
        if method == "HEAD", let h = node.handlers["GET"] { return .found(h, params) }
        return .methodNotAllowed(Self.allowed(node))
    }

    private static func allowed(_ node: Node) -> [String] {
        var methods = Set(node.handlers.keys)
        if methods.contains("GET") { methods.insert("HEAD") }
        let order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
        return order.filter { methods.contains($0) } + methods.subtracting(order).sorted()
    }

    /// Depth-first: literal child first, then the capture; a node counts only if it has handlers.
    private static func find(_ node: Node, _ rest: ArraySlice<String>, _ captured: inout [(String, String)]) -> Node? {
        guard let seg = rest.first else { return node.handlers.isEmpty ? nil : node }
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
    public func shape(for path: Substring) -> any ErrorShape {
        for (prefix, shape) in shapes where path.hasPrefix(prefix) { return shape }
        return fallbackShape
    }

    /// Routes one request; `respond` is called exactly once.
    public func handle(_ request: HTTPRequest, requestID: String, respond: @escaping Responder) {
        let path = request.head.path
        var ctx = RequestContext(request: request, requestID: requestID)
        switch match(method: request.head.method, path: path) {
        case .found(let handler, let params):
            ctx.parameters = params
            handler(ctx, respond)
        case .methodNotAllowed(let allowed):
            respond(shape(for: path).methodNotAllowed(ctx, allowed: allowed))
        case .notFound:
            respond(shape(for: path).notFound(ctx))
        }
    }
}
