import HTTP1
import Routing
import Testing

/// `Router.match` matches an ASCII path without '%' on its bytes and any other path from
/// segments decoded first: both must answer as `String` comparison and splitting do.
@Suite struct RouterMatchTests {
    /// A match without its handler, comparable.
    enum Outcome: Equatable {
        case found(String, [String: String])
        case methodNotAllowed([String])
        case notFound
        case redirect(String)
    }

    static func outcome(_ r: Router, _ method: String, _ path: Substring) -> Outcome {
        switch r.match(method: method, path: path) {
        case .found(_, let p, _, let t): return .found(t, p.values)
        case .methodNotAllowed(let a): return .methodNotAllowed(a)
        case .notFound: return .notFound
        case .redirect(let p): return .redirect(p)
        }
    }

    static let router: Router = {
        var r = Router()
        let ok: @Sendable (RequestContext) -> HTTPResponse = { _ in HTTPResponse(status: 200) }
        r.get("/", sync: ok)
        r.get("/tasks/{id}", sync: ok)
        r.get("/tasks/by-call/{sid}", sync: ok)
        r.on("PATCH", "/tasks/{id}", sync: ok)
        r.on("BREW", "/tasks/{id}", sync: ok)
        r.get("/r/{id}/x/{id}", sync: ok)
        // Not ASCII, yet canonically equivalent to "Kelvin" (U+212A KELVIN SIGN is "K").
        r.get("/\u{212A}elvin", sync: ok)
        _ = r.group("/s", matching: .starlette)
        r.on("POST", "/s/{id}", sync: ok)
        r.get("/s/{id}", sync: ok)
        return r
    }()

    func match(_ method: String, _ path: Substring) -> Outcome { Self.outcome(Self.router, method, path) }

    @Test func anEscapedSegmentStillMatchesALiteral() {
        #expect(match("GET", "/tasks/by-%63all/CA1") == .found("/tasks/by-call/{sid}", ["sid": "CA1"]))
        #expect(match("GET", "/%74asks/t1") == .found("/tasks/{id}", ["id": "t1"]))
    }

    @Test func anEscapedSlashStaysInsideACapture() {
        #expect(match("GET", "/tasks/a%2Fb") == .found("/tasks/{id}", ["id": "a/b"]))
        #expect(match("GET", "/tasks/by-call%2Fx") == .found("/tasks/{id}", ["id": "by-call/x"]))
        #expect(match("GET", "/tasks/%zz") == .notFound)
    }

    @Test func theRootAndEmptySegments() {
        #expect(match("GET", "/") == .found("/", [:]))
        #expect(match("GET", "") == .found("/", [:]))
        #expect(match("GET", "//tasks///t1/") == .found("/tasks/{id}", ["id": "t1"]))
        #expect(match("GET", "/tasks") == .notFound)
        #expect(match("GET", "/tasks/t1/more") == .notFound)
    }

    /// Starlette's patterns match no empty segment, and `redirect_slashes` sends a path whose
    /// trailing slashes are its only empty segments to the path without them, when that path
    /// matches a route for any method.
    @Test func starletteGroupsKeepEmptySegmentsAndRedirectTrailingSlashes() {
        #expect(match("GET", "/s/t1") == .found("/s/{id}", ["id": "t1"]))
        #expect(match("GET", "//s/t1") == .notFound)
        #expect(match("GET", "/s//t1") == .notFound)
        #expect(match("GET", "/s/t1/") == .redirect("/s/t1"))
        #expect(match("GET", "/s/t1///") == .redirect("/s/t1"))
        #expect(match("DELETE", "/s/t1/") == .redirect("/s/t1"))
        #expect(match("GET", "/s/t%31/") == .redirect("/s/t1"))
        #expect(match("GET", "/s/t1%2F") == .redirect("/s/t1"))
        #expect(match("GET", "/s/a%2F%2F") == .redirect("/s/a"))
        #expect(match("GET", "/s/caf\u{E9}/") == .redirect("/s/caf\u{E9}"))
        #expect(match("GET", "//s/t1/") == .notFound)
        #expect(match("GET", "/s/") == .notFound)
        #expect(match("GET", "/s/x/y/") == .notFound)
        // polytask's own rules still drop empty segments.
        #expect(match("GET", "/tasks/t1/") == .found("/tasks/{id}", ["id": "t1"]))
    }

    @Test func aRepeatedCaptureNameKeepsTheRightmostValue() {
        #expect(match("GET", "/r/a/x/b") == .found("/r/{id}/x/{id}", ["id": "b"]))
    }

    @Test func literalsCompareAsStrings() {
        #expect(match("GET", "/Kelvin") == .found("/\u{212A}elvin", [:]))
        #expect(match("GET", "/%E2%84%AAelvin") == .found("/\u{212A}elvin", [:]))
        #expect(match("GET", "/kelvin") == .notFound)
    }

    /// A path that is not ASCII splits as `String` does, by characters: a '/' that a combining
    /// mark joins is no separator.
    @Test func aPathThatIsNotASCIISplitsByCharacters() {
        #expect(match("GET", "/tasks/caf\u{E9}") == .found("/tasks/{id}", ["id": "caf\u{E9}"]))
        #expect(match("GET", "/tasks/x/\u{301}") == .found("/tasks/{id}", ["id": "x/\u{301}"]))
    }

    @Test func methodsAllowedInTheirOrder() {
        #expect(match("HEAD", "/tasks/t1") == .found("/tasks/{id}", ["id": "t1"]))
        #expect(match("PUT", "/tasks/t1") == .methodNotAllowed(["GET", "HEAD", "PATCH", "BREW"]))
        // Starlette's rules: no implicit HEAD, and the first route's method only.
        #expect(match("HEAD", "/s/1") == .methodNotAllowed(["POST"]))
        #expect(match("GET", "/s/a%2Fb") == .notFound)
        #expect(match("GET", "/s/a%2") == .found("/s/{id}", ["id": "a%2"]))
    }

    @Test func parametersCompareByContent() {
        var a = Parameters()
        #expect(a == Parameters([:]))
        a = Parameters(["x": "1", "y": "2"])
        #expect(a == Parameters(["y": "2", "x": "1"]))
        #expect(a != Parameters(["x": "1"]))
        #expect(a != Parameters(["x": "1", "y": "3"]))
        #expect(a.values == ["x": "1", "y": "2"])
        #expect(a["y"] == "2" && a["z"] == nil && a.require("z") == "")
    }
}
