import HTTP1
import JSON
import Routing
import Synchronization
import Testing

/// Routes a request synchronously (all handlers here answer at once).
private func send(_ router: Router, _ method: String, _ target: String) -> HTTPResponse {
    let box = Mutex<HTTPResponse?>(nil)
    router.handle(HTTPRequest(head: HTTPRequestHead(method: method, target: target)), requestID: "t") { r in
        box.withLock { $0 = r }
    }
    return box.withLock { $0 } ?? HTTPResponse(status: 0)
}

private func text(_ r: HTTPResponse) -> String { String(decoding: r.body, as: UTF8.self) }

private struct ShapeA: ErrorShape {
    func notFound(_ ctx: RequestContext) -> HTTPResponse { .json(404, #"{"detail":"Not Found"}"#) }
    func methodNotAllowed(_ ctx: RequestContext, allowed: [String]) -> HTTPResponse {
        var h = HTTPHeaders()
        h.add(name: "Allow", value: allowed.joined(separator: ", "))
        return .json(405, #"{"detail":"Method Not Allowed"}"#, headers: h)
    }
}

private func echoRouter() -> Router {
    var r = Router()
    r.get("/v1/{ws}/tasks/{task_id}") { ctx in .json(200, "get:\(ctx.parameters.require("ws")):\(ctx.parameters.require("task_id"))") }
    r.get("/v1/{ws}/tasks/by-call/{call_sid}") { ctx in .json(200, "bycall:\(ctx.parameters.require("call_sid"))") }
    r.on("DELETE", "/v1/{ws}/tasks/{task_id}", sync: { _ in .json(204, "") })
    r.get("/q") { ctx in .json(200, "\(ctx.query["a"] ?? "-")|\(ctx.query.values("b"))|\(ctx.query.contains("c"))") }
    r.errorShape(forPrefix: "/v1/", ShapeA())
    return r
}

/// A group with Starlette's rules next to one with the default rules.
private func starletteRouter() -> Router {
    var r = Router()
    let g = r.group("/v1/{ws}", errorShape: ShapeA(), shapePrefix: "/v1/", matching: .starlette)
    g.get("/keys", sync: { _ in .json(200, "list") })
    g.on("POST", "/keys", sync: { _ in .json(201, "create") })
    g.get("/tasks/{task_id}", sync: { ctx in .json(200, "get:\(ctx.parameters.require("task_id"))") })
    g.get("/tasks/by-call/{sid}", sync: { ctx in .json(200, "bycall:\(ctx.parameters.require("sid"))") })
    let other = r.group("/api")
    other.get("/tasks/{id}", sync: { ctx in .json(200, "api:\(ctx.parameters.require("id"))") })
    return r
}

@Suite struct PathMatchingTests {
    /// A path that reaches a Starlette group's prefix only once decoded, or once its doubled
    /// slashes are read as one, is that group's: a 404 there is in the group's shape. A group
    /// with the default rules owns its raw prefix only (found by RouterFuzz).
    @Test func errorsOfEscapedPathsAreInTheOwningStarletteGroupsShape() {
        let r = starletteRouter()
        let escaped = send(r, "GET", "/%761/w/nothing/here/at/all")
        #expect(escaped.status == 404)
        #expect(text(escaped) == #"{"detail":"Not Found"}"#)
        let doubled = send(r, "GET", "//v1/w/nothing/here/at/all")
        #expect(doubled.status == 404)
        #expect(text(doubled) == #"{"detail":"Not Found"}"#)
        // "/api" has the default rules and no shape of its own: the router's fallback shape.
        let other = send(r, "GET", "/%61pi/x/y/z")
        #expect(other.status == 404)
        #expect(text(other) != #"{"detail":"Not Found"}"#)
    }

    @Test func starlettePathsAreDecodedBeforeMatching() {
        let r = starletteRouter()
        #expect(send(r, "GET", "/v1/w/tasks/a%2Fb").status == 404)
        #expect(text(send(r, "GET", "/v1/w/tasks/by-call%2FCA1")) == "bycall:CA1")
        #expect(text(send(r, "GET", "/v1/w%2Ftasks%2Fx")) == "get:x")
        // A malformed escape stays as it is; bytes that are not UTF-8 become U+FFFD.
        #expect(text(send(r, "GET", "/v1/w/tasks/a%2")) == "get:a%2")
        #expect(text(send(r, "GET", "/v1/w/tasks/%FFz")) == "get:\u{FFFD}z")
        #expect(text(send(r, "GET", "/v1/w/tasks/a%252F")) == "get:a%2F")
        // The default rules elsewhere: one segment, decoded after splitting.
        #expect(text(send(r, "GET", "/api/tasks/a%2Fb")) == "api:a/b")
        #expect(send(r, "GET", "/api/tasks/%FF").status == 404)
    }

    @Test func starletteHasNoImplicitHeadAndAllowsTheFirstRoutesMethod() {
        let r = starletteRouter()
        let head = send(r, "HEAD", "/v1/w/tasks/t")
        #expect(head.status == 405)
        #expect(head.headers["Allow"] == "GET")
        #expect(send(r, "DELETE", "/v1/w/keys").headers["Allow"] == "GET")
        #expect(send(r, "HEAD", "/api/tasks/t").status == 200)
    }

    /// Starlette's `redirect_slashes`: a 307 with an empty body to the request's own URL
    /// (`http://` + Host, the decoded path without its trailing slashes, the query as sent),
    /// quoted as Starlette's `RedirectResponse` quotes it. Other empty segments are a 404.
    @Test func starletteRedirectsTrailingSlashesTo307() {
        let r = starletteRouter()
        var head = HTTPRequestHead(method: "GET", target: "/v1/w/tasks/caf%C3%A9%20x/?a=1&b=%2F")
        head.headers.add(name: "Host", value: "localhost:8080")
        let box = Mutex<HTTPResponse?>(nil)
        r.handle(HTTPRequest(head: head), requestID: "t") { resp in box.withLock { $0 = resp } }
        let redirect = box.withLock { $0 } ?? HTTPResponse(status: 0)
        #expect(redirect.status == 307)
        #expect(redirect.headers["location"] == "http://localhost:8080/v1/w/tasks/caf%C3%A9%20x?a=1&b=%2F")
        #expect(redirect.body.isEmpty)
        #expect(redirect.headers["content-type"] == nil)
        // Any method of a path that matches; no Host (HTTP/1.0): a relative location.
        let post = send(r, "POST", "/v1/w/keys/")
        #expect(post.status == 307 && post.headers["location"] == "/v1/w/keys")
        #expect(send(r, "GET", "/v1/w//tasks/x").status == 404)
        #expect(text(send(r, "GET", "/v1/w/nothing/")) == #"{"detail":"Not Found"}"#)
        // The default rules drop empty segments.
        #expect(text(send(r, "GET", "/api/tasks/x/")) == "api:x")
    }

    @Test func percentDecodingLikePython() {
        #expect(PercentDecoding.decodeLeniently("a%2Fb%zz%4") == "a/b%zz%4")
        #expect(PercentDecoding.decodeLeniently("%C3%A9%C3") == "é\u{FFFD}")
    }
}

@Suite struct RouterTests {
    @Test func capturesArePercentDecodedAfterSplitting() {
        let r = send(echoRouter(), "GET", "/v1/ws1/tasks/a%2Fb%20c")
        #expect(r.status == 200)
        #expect(text(r) == "get:ws1:a/b c")
    }

    @Test func literalSegmentWinsOverCapture() {
        #expect(text(send(echoRouter(), "GET", "/v1/w/tasks/by-call/CA123")) == "bycall:CA123")
    }

    @Test func literalThatDeadEndsBacktracksToCapture() {
        // `/tasks/by-call` has no route of its own: it must reach `/tasks/{task_id}`.
        #expect(text(send(echoRouter(), "GET", "/v1/w/tasks/by-call")) == "get:w:by-call")
    }

    @Test func unknownPathUsesThePrefixShape() {
        let r = send(echoRouter(), "GET", "/v1/w/nothing/here")
        #expect(r.status == 404)
        #expect(text(r) == #"{"detail":"Not Found"}"#)
    }

    @Test func unknownPathOutsideEveryPrefixUsesTheDefaultShape() {
        let r = send(echoRouter(), "GET", "/elsewhere")
        #expect(r.status == 404)
        #expect(text(r).contains("not_found"))
    }

    @Test func wrongMethodIs405WithAllow() {
        let r = send(echoRouter(), "POST", "/v1/w/tasks/t1")
        #expect(r.status == 405)
        #expect(r.headers["Allow"] == "GET, HEAD, DELETE")
        #expect(text(r) == #"{"detail":"Method Not Allowed"}"#)
    }

    @Test func headFallsBackToGet() {
        #expect(send(echoRouter(), "HEAD", "/v1/w/tasks/t1").status == 200)
    }

    @Test func malformedPercentEscapeIsNotFound() {
        #expect(send(echoRouter(), "GET", "/v1/w/tasks/%zz").status == 404)
    }

    @Test func emptySegmentsAreIgnored() {
        #expect(text(send(echoRouter(), "GET", "//v1//w/tasks/t9")) == "get:w:t9")
    }

    @Test func queryIsParsedWithPlusAndRepeats() {
        #expect(text(send(echoRouter(), "GET", "/q?a=x+y%21&b=1&b=2&c")) == #"x y!|["1", "2"]|true"#)
    }

    @Test func typedCaptureConverts() {
        let p = Parameters(["n": "42", "s": "x"])
        #expect(p.get("n", as: Int.self) == 42)
        #expect(p.get("s", as: Int.self) == nil)
    }
}

@Suite struct PercentDecodingTests {
    @Test func decodesUTF8() { #expect(PercentDecoding.decode("%C3%A9t%C3%A9") == "été") }
    @Test func rejectsTruncatedEscape() { #expect(PercentDecoding.decode("abc%4") == nil) }
    @Test func rejectsInvalidUTF8() { #expect(PercentDecoding.decode("%FF") == nil) }
    @Test func plusIsLiteralInPaths() { #expect(PercentDecoding.decode("a+b") == "a+b") }
}
