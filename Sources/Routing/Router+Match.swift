extension Router {
    /// The outcome of matching a method and path.
    public enum Match {
        case found(Handler, Parameters, RouteOptions, template: String)
        case methodNotAllowed([String])
        case notFound
        /// Starlette's `redirect_slashes` (`PathMatching.redirectsSlashes`): the path, decoded
        /// and without its trailing slashes, which matches a route (for some method).
        case redirect(path: String)
    }

    /// Matches a raw (percent-encoded) path.
    ///
    /// An ASCII path without '%' is matched on its bytes: its segments need no decoding, and
    /// they read the same under every `PathMatching` (split on '/' bytes, empty ones dropped).
    /// Any other path is split and decoded first, as the group's rules say.
    public func match(method: String, path: Substring) -> Match {
        var raw = path
        return raw.withUTF8 { bytes in
            let scan = PathScan(bytes)
            let rules = matching(for: path, utf8: bytes, scan: scan)
            if rules.redirectsSlashes && (scan.hasDoubledSlash || scan.hasPercent || bytes.last == UInt8(ascii: "/")) {
                return matchKeepingEmptySegments(method, path, rules)
            }
            if scan.ascii && !scan.hasPercent {
                return match(method, rules, PathSegments(asciiWithoutEscapes: bytes))
            }
            guard let texts = Self.decodedSegments(path, rules) else { return .notFound }
            return match(method, rules, PathSegments(texts: texts))
        }
    }

    /// Under `redirectsSlashes`, a path that may hold an empty segment: as Starlette reads it
    /// (decoded first when the rules say so), an empty segment anywhere but at the end is a
    /// 404, and trailing ones are a redirect when the path without them matches.
    private func matchKeepingEmptySegments(_ method: String, _ path: Substring, _ rules: PathMatching) -> Match {
        let routed = rules.decodesPathBeforeMatching ? PercentDecoding.decodeLeniently(path) : String(path)
        func segments(_ p: Substring) -> [String]? {
            rules.decodesPathBeforeMatching ? p.split(separator: "/").map(String.init) : Self.decodedSegments(p, rules)
        }
        guard Self.hasEmptySegment(routed[...]) else {
            guard let texts = segments(routed[...]) else { return .notFound }
            return match(method, rules, PathSegments(texts: texts))
        }
        // On the bytes: a '/' followed by a combining mark is one Character but two scalars.
        var end = routed.utf8.endIndex
        while end > routed.utf8.startIndex, routed.utf8[routed.utf8.index(before: end)] == UInt8(ascii: "/") {
            end = routed.utf8.index(before: end)
        }
        let stripped = Substring(routed.unicodeScalars[..<end])
        guard routed != "/", !stripped.isEmpty, !Self.hasEmptySegment(stripped), let texts = segments(stripped) else {
            return .notFound
        }
        switch match(method, rules, PathSegments(texts: texts)) {
        case .found, .methodNotAllowed: return .redirect(path: String(stripped))
        case .notFound, .redirect: return .notFound
        }
    }

    /// Whether `path` has an empty segment: two slashes in a row, or a slash at the end (the
    /// root `/` has none).
    static func hasEmptySegment(_ path: Substring) -> Bool {
        let slash = UInt8(ascii: "/")
        var previous: UInt8 = 0
        for c in path.utf8 {
            if c == slash && previous == slash { return true }
            previous = c
        }
        return path.utf8.count > 1 && previous == slash
    }

    private func match(_ method: String, _ rules: PathMatching, _ segments: PathSegments) -> Match {
        var params = Parameters()
        guard let node = Self.find(root, segments, 0, &params) else { return .notFound }
        if let r = node.route(method) { return .found(r.handler, params, r.options, template: r.template) }
        if rules.headFollowsGet, method == "HEAD", let r = node.route("GET") {
            return .found(r.handler, params, r.options, template: r.template)
        }
        if rules.allowsFirstRouteOnly, let first = node.routes.first { return .methodNotAllowed([first.method]) }
        return .methodNotAllowed(Self.allowed(node))
    }

    /// The segments of a path that is not ASCII or holds a '%', decoded; nil if one holds a
    /// malformed escape (or bytes that are not UTF-8) under rules that decode each segment.
    private static func decodedSegments(_ path: Substring, _ rules: PathMatching) -> [String]? {
        var segments: [String] = []
        if rules.decodesPathBeforeMatching {
            for s in PercentDecoding.decodeLeniently(path).split(separator: "/", omittingEmptySubsequences: true) {
                segments.append(String(s))
            }
        } else {
            for raw in ASCIIScan.split(path, UInt8(ascii: "/")) {
                guard let s = PercentDecoding.decode(raw) else { return nil }
                segments.append(s)
            }
        }
        return segments
    }

    private static func allowed(_ node: Node) -> [String] {
        var methods = Set(node.routes.map(\.method))
        if methods.contains("GET") { methods.insert("HEAD") }
        let order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
        return order.filter { methods.contains($0) } + methods.subtracting(order).sorted()
    }

    /// Depth-first: literal child first, then the capture; a node counts only if it has routes.
    /// The captures are stored on the way back from the node found, right to left: a capture
    /// name that a template repeats keeps its rightmost value, as storing left to right and
    /// overwriting did.
    private static func find(_ node: Node, _ segments: PathSegments, _ position: Int, _ params: inout Parameters) -> Node? {
        guard let (seg, next) = segments.segment(at: position) else {
            guard !node.routes.isEmpty else { return nil }
            params.reserve(node.captures)
            return node
        }
        if let lit = node.literal(matching: seg), let n = find(lit, segments, next, &params) { return n }
        if let (name, child) = node.capture, !seg.isEmpty, let n = find(child, segments, next, &params) {
            params.setUnlessPresent(name, seg.text)
            return n
        }
        return nil
    }
}
