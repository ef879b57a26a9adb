import HTTP1
import Routing

/// The one check that both the libFuzzer target (`Fuzz/RouterFuzz`) and the regression test
/// (`Tests/FuzzTests`, through a symlink to this file) run on an input. Input layout: byte 0
/// picks the method, the rest is the request target (any bytes: the router must not trap on
/// what the parser would refuse either).
///
/// The router holds templates shaped like the dialects' (literal and capture siblings that
/// need backtracking, captures at a group's root, Starlette-matched groups). What must hold:
/// - matching is deterministic, and agrees with `expected`, an independent matcher over the
///   template list (decode, then pick the template whose segments match with literals before
///   captures, left to right);
/// - a capture holds a `/` only under polytask's rules and only from an encoded `%2F`;
///   Starlette's rules decode before splitting, so there a `/` always separates segments;
/// - percent-decoding round-trips with `encode`: every captured value, encoded and put back
///   into its template, matches the same route with the same captures; and any text,
///   encoded, decodes (strictly and leniently) to itself;
/// - the query parser takes any query.
enum RouterHarness {
    struct Template: Sendable {
        var method: String
        var template: String
        var starlette: Bool
    }

    static let templates: [Template] = {
        var t: [Template] = []
        func add(_ starlette: Bool, _ prefix: String, _ routes: [(String, String)]) {
            for (m, p) in routes { t.append(Template(method: m, template: prefix + p, starlette: starlette)) }
        }
        // Quant-like: a capture inside the group prefix, a literal beside a capture.
        add(false, "/api/v3/organizations/{organisation}/ai/tasks",
            [("GET", ""), ("POST", ""), ("GET", "/{taskId}"), ("PUT", "/{taskId}"), ("DELETE", "/{taskId}"),
             ("GET", "/{taskId}/dependency-graph"), ("GET", "/by-call/{sid}")])
        // AgentTask-like.
        add(false, "/api/v1", [("GET", "/agent"), ("POST", "/agent"), ("GET", "/agent/{agentId}"), ("POST", "/agent/{agentId}"),
                               ("DELETE", "/agent/{agentId}"), ("GET", "/task/{taskId}"), ("DELETE", "/task/{taskId}"),
                               ("GET", "/workflow/{agentId}"), ("POST", "/workflows")])
        // Amigo-like and Chamelio-like, on Starlette's rules.
        add(true, "/v1/{workspace_id}", [("POST", "/tasks"), ("GET", "/tasks/{task_id}"), ("PATCH", "/tasks/{task_id}"),
                                         ("DELETE", "/webhooks/{webhook_id}"), ("POST", "/webhooks/test")])
        add(true, "/tasks", [("GET", ""), ("POST", ""), ("GET", "/{task_id}"), ("POST", "/{task_id}/cancel")])
        add(true, "/files", [("GET", "/{organization_id}/{file_id}")])
        // The control plane.
        add(false, "/_polytask", [("GET", "/health"), ("POST", "/keys/lookup"), ("DELETE", "/keys/{id}"), ("GET", "/faults"),
                                  ("DELETE", "/faults/{id}"), ("GET", "/chamelio/downloads/{id}"), ("POST", "/{dialect}/reset")])
        return t
    }()

    /// Each template's segments: a literal, or nil for a capture.
    static let shapes: [[String?]] = templates.map { t in
        t.template.split(separator: "/").map { $0.first == "{" ? nil : String($0) }
    }

    static let starlettePrefixes = ["/v1/", "/tasks", "/files"]

    static let router: Router = {
        var r = Router()
        for prefix in starlettePrefixes { _ = r.group(prefix, matching: .starlette) }
        for t in templates { r.on(t.method, t.template) { _, respond in respond(HTTPResponse(status: 200)) } }
        return r
    }()

    static let methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "BREW"]

    /// A match without its handler, comparable.
    enum Outcome: Equatable, CustomStringConvertible {
        case found(template: String, parameters: [String: String])
        case methodNotAllowed([String])
        case notFound
        case redirect(String)

        var description: String {
            switch self {
            case .found(let t, let p): return "found \(t) \(p.sorted { $0.key < $1.key })"
            case .methodNotAllowed(let a): return "405 \(a)"
            case .notFound: return "404"
            case .redirect(let p): return "307 \(p)"
            }
        }
    }

    static func outcome(_ method: String, _ path: Substring) -> Outcome {
        switch router.match(method: method, path: path) {
        case .found(_, let p, _, let t): return .found(template: t, parameters: p.values)
        case .methodNotAllowed(let a): return .methodNotAllowed(a)
        case .notFound: return .notFound
        case .redirect(let p): return .redirect(p)
        }
    }

    static func check(_ input: [UInt8]) -> [String] {
        guard let first = input.first else { return [] }
        let method = methods[Int(first) % methods.count]
        let target = String(decoding: input.dropFirst(), as: UTF8.self)
        let path = target.firstIndex(of: "?").map { target[..<$0] } ?? target[...]
        let query = target.firstIndex(of: "?").map { target[target.index(after: $0)...] } ?? ""
        _ = Query(parsing: query)

        var v: [String] = []
        let got = outcome(method, path)
        if outcome(method, path) != got { v.append("matching \(method) \(path) twice gives two answers") }
        let want = expected(method, path)
        if got != want { v.append("\(method) \(path): \(got), the reference matcher says \(want)") }

        // Any text, encoded, decodes to itself.
        let text = String(path)
        if PercentDecoding.decode(encode(text)) != text { v.append("decode(encode(s)) is not s for \(text)") }
        if PercentDecoding.decodeLeniently(encode(text)) != text { v.append("decodeLeniently(encode(s)) is not s for \(text)") }
        if let once = PercentDecoding.decode(path), PercentDecoding.decode(encode(once)) != once {
            v.append("a decoded path does not survive encoding")
        }

        let starlette = isStarlette(path)
        if case .found(let t, let params) = got {
            for (name, value) in params where value.contains("/") {
                if starlette { v.append("capture \(name) holds a '/' under Starlette's rules") }
                if !path.lowercased().contains("%2f") { v.append("capture \(name) holds a '/' that was not encoded") }
            }
            // Captures encoded and put back into the template: the same route and captures.
            // (Only for an origin-form path, the only kind the request parser lets through: the
            // rebuilt path starts with '/', which can move a path without one into a group.)
            guard path.hasPrefix("/") else { return v }
            var rebuilt = ""
            for seg in t.split(separator: "/", omittingEmptySubsequences: true) {
                let name = seg.first == "{" ? String(seg.dropFirst().dropLast()) : nil
                rebuilt += "/" + (name.flatMap { params[$0] }.map { encode($0) } ?? String(seg))
            }
            if rebuilt.isEmpty { rebuilt = "/" }
            let again = outcome(method, rebuilt[...])
            if again != got { v.append("\(rebuilt) (captures encoded again) gives \(again), not \(got)") }
        }
        return v
    }

    /// Percent-encodes every byte outside RFC 3986's unreserved set.
    static func encode(_ s: String) -> String {
        var out = ""
        for c in s.utf8 {
            switch c {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(c))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(c >> 4)])
                out.unicodeScalars.append(hex[Int(c & 0xF)])
            }
        }
        return out
    }

    // MARK: the reference matcher

    static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    /// `%XX` decoded; a malformed escape is nil when `strict`, kept as it is otherwise.
    static func unescape(_ s: Substring, strict: Bool) -> [UInt8]? {
        let b = Array(s.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "%") {
                if i + 2 < b.count, let h = hex(b[i + 1]), let l = hex(b[i + 2]) {
                    out.append(h * 16 + l)
                    i += 3
                    continue
                }
                if strict { return nil }
            }
            out.append(b[i])
            i += 1
        }
        return out
    }

    /// Whether a group on Starlette's rules owns `path`: uvicorn decodes it before routing, and
    /// matching drops empty segments, so the prefix is looked for in the decoded path with the
    /// empty segments dropped.
    static func isStarlette(_ path: Substring) -> Bool {
        let decoded = String(decoding: unescape(path, strict: false) ?? [], as: UTF8.self)
        let inner = decoded.split(separator: "/").joined(separator: "/")
        let routed = (decoded.hasPrefix("/") ? "/" : "") + inner + (decoded.hasSuffix("/") && !inner.isEmpty ? "/" : "")
        return starlettePrefixes.contains { path.hasPrefix($0) || routed.hasPrefix($0) }
    }

    /// Starlette's route patterns: an empty segment (two slashes in a row, or one at the end of
    /// anything but `/`) matches nothing.
    /// On scalars, as Python's regexes read the path.
    static func hasEmptySegment(_ decoded: String) -> Bool {
        var previous: Unicode.Scalar = " "
        for c in decoded.unicodeScalars {
            if c == "/" && previous == "/" { return true }
            previous = c
        }
        return decoded.unicodeScalars.count > 1 && previous == "/"
    }

    static func expected(_ method: String, _ path: Substring) -> Outcome {
        let starlette = isStarlette(path)
        var segments: [String] = []
        if starlette {
            guard let bytes = unescape(path, strict: false) else { return .notFound }
            let decoded = String(decoding: bytes, as: UTF8.self)
            if hasEmptySegment(decoded) {
                // redirect_slashes: the path without its trailing slashes, if it matches a route.
                var stripped = decoded.unicodeScalars
                while stripped.last == "/" { stripped.removeLast() }
                let target = String(stripped)
                guard decoded != "/", !target.isEmpty, !hasEmptySegment(target) else { return .notFound }
                switch matchSegments(method, target.split(separator: "/").map(String.init), starlette: true) {
                case .found, .methodNotAllowed: return .redirect(target)
                case .notFound, .redirect: return .notFound
                }
            }
            segments = decoded.split(separator: "/").map(String.init)
        } else {
            for raw in path.split(separator: "/") {
                guard let bytes = unescape(raw, strict: true), let s = String(validating: bytes, as: UTF8.self) else { return .notFound }
                segments.append(s)
            }
        }
        return matchSegments(method, segments, starlette: starlette)
    }

    /// The template the segments match, literals before captures, left to right.
    static func matchSegments(_ method: String, _ segments: [String], starlette: Bool) -> Outcome {
        let candidates = templates.indices.filter { i in
            let s = shapes[i]
            return s.count == segments.count && zip(s, segments).allSatisfy { $0 == nil || $0 == $1 }
        }
        // Literals before captures, left to right: the smallest shape with nil after any literal.
        func before(_ a: [String?], _ b: [String?]) -> Bool {
            for (x, y) in zip(a, b) where (x == nil) != (y == nil) { return x != nil }
            return false
        }
        guard let best = candidates.map({ shapes[$0] }).min(by: before) else { return .notFound }
        let routes = candidates.filter { shapes[$0] == best }.map { templates[$0] }
        func found(_ t: Template) -> Outcome {
            var params: [String: String] = [:]
            for (seg, value) in zip(t.template.split(separator: "/"), segments) where seg.first == "{" {
                params[String(seg.dropFirst().dropLast())] = value
            }
            return .found(template: t.template, parameters: params)
        }
        if let r = routes.first(where: { $0.method == method }) { return found(r) }
        if !starlette, method == "HEAD", let r = routes.first(where: { $0.method == "GET" }) { return found(r) }
        if starlette, let r = routes.first { return .methodNotAllowed([r.method]) }
        var allowed = Set(routes.map(\.method))
        if allowed.contains("GET") { allowed.insert("HEAD") }
        return .methodNotAllowed(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].filter { allowed.contains($0) })
    }
}
