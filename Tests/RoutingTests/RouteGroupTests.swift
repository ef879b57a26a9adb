#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import HTTP1
import Routing
import Synchronization
import Testing

/// Routes a request and waits for its answer (handlers here may answer from another thread).
private func send(_ router: Router, _ method: String, _ target: String, headers: [(String, String)] = []) -> HTTPResponse {
    let box = Mutex<HTTPResponse?>(nil)
    let done = DispatchSemaphore(value: 0)
    router.handle(HTTPRequest(head: HTTPRequestHead(method: method, target: target, headers: HTTPHeaders(headers))),
                  requestID: "t") { r in
        box.withLock { $0 = r }
        done.signal()
    }
    done.wait()
    return box.withLock { $0 } ?? HTTPResponse(status: 0)
}

private func text(_ r: HTTPResponse) -> String { String(decoding: r.body, as: UTF8.self) }

/// A context a middleware builds: the tenant from the path and the caller from a header.
private struct Tenanted: Sendable {
    let request: RequestContext
    let tenant: String
    let caller: String
}

/// Tenant from the path, caller from `x-user`; no caller is 401.
private struct Auth: RouterMiddleware {
    func handle(_ ctx: RequestContext, respond: @escaping Responder, next: @escaping Next<Tenanted>) {
        guard let user = ctx.headers["x-user"] else { return respond(.json(401, #"{"e":"who"}"#)) }
        next(Tenanted(request: ctx, tenant: ctx.parameters.require("tenant"), caller: user), respond)
    }
}

/// Records the order it ran in and tags every answer that comes back through it.
private struct Tag<C: Sendable>: RouterMiddleware {
    let name: String
    func handle(_ ctx: C, respond: @escaping Responder, next: @escaping Next<C>) {
        let name = self.name
        next(ctx) { r in
            var r = r
            r.headers.add(name: "x-tag", value: name)
            respond(r)
        }
    }
}

private struct Shape: ErrorShape {
    func notFound(_ ctx: RequestContext) -> HTTPResponse { .json(404, #"{"detail":"nf"}"#) }
    func methodNotAllowed(_ ctx: RequestContext, allowed: [String]) -> HTTPResponse { .json(405, #"{"detail":"mna"}"#) }
    func error(status: Int, code: String, message: String) -> HTTPResponse { .json(status, #"{"detail":"\#(message)"}"#) }
}

@Suite struct RouteGroupTests {
    private func router() -> Router {
        var r = Router()
        let g = r.group("/t/{tenant}", errorShape: Shape(), shapePrefix: "/t/").add(Tag<RequestContext>(name: "outer")).add(Auth())
        g.get("/items/{id}", sync: { ctx in .json(200, "\(ctx.tenant):\(ctx.caller):\(ctx.request.parameters.require("id"))") })
        g.post("/items") { ctx, respond in
            DispatchQueue.global().async { respond(.json(201, "made by \(ctx.caller)")) }
        }
        g.group("/nested").add(Tag<Tenanted>(name: "inner")).get("/x") { ctx, respond in respond(.json(200, "x")) }
        return r
    }

    @Test func handlersGetTheContextTheChainBuilt() {
        let r = send(router(), "GET", "/t/acme/items/7", headers: [("x-user", "ann")])
        #expect(r.status == 200)
        #expect(text(r) == "acme:ann:7")
    }

    @Test func aMiddlewareCanStopTheChain() {
        let r = send(router(), "GET", "/t/acme/items/7")
        #expect(r.status == 401)
        // The outer middleware still decorates the answer that comes back through it.
        #expect(r.headers["x-tag"] == "outer")
    }

    @Test func asyncHandlersAnswerThroughTheWrappedResponder() {
        let r = send(router(), "POST", "/t/acme/items", headers: [("x-user", "bob")])
        #expect(r.status == 201)
        #expect(text(r) == "made by bob")
        #expect(r.headers["x-tag"] == "outer")
    }

    @Test func nestedGroupsRunTheOuterChainThenTheirOwn() {
        let r = send(router(), "GET", "/t/acme/nested/x", headers: [("x-user", "c")])
        #expect(r.status == 200)
        #expect(r.headers.values("x-tag") == ["inner", "outer"])
    }

    @Test func errorsUnderTheGroupUseItsShape() {
        #expect(text(send(router(), "GET", "/t/acme/nothing")) == #"{"detail":"nf"}"#)
        #expect(send(router(), "DELETE", "/t/acme/items/1").status == 405)
    }

    @Test func routeOptionsReachTheContext() {
        var r = Router()
        let g = r.group("/o")
        g.post("/b", options: .body) { ctx, respond in respond(.json(200, "\(ctx.options.contains(.body))")) }
        g.post("/n") { ctx, respond in respond(.json(200, "\(ctx.options.contains(.body))")) }
        #expect(text(send(r, "POST", "/o/b")) == "true")
        #expect(text(send(r, "POST", "/o/n")) == "false")
    }

    @Test func offLoopRoutesRunOnThePoolNotTheCallersThread() {
        var r = Router()
        let caller = Mutex<pthread_t?>(nil)
        let ran = Mutex<pthread_t?>(nil)
        r.get("/slow", options: .offLoop, sync: { _ in
            ran.withLock { $0 = pthread_self() }
            return .json(200, "ok")
        })
        caller.withLock { $0 = pthread_self() }
        let resp = send(r, "GET", "/slow")
        #expect(resp.status == 200)
        let a = caller.withLock { $0 }, b = ran.withLock { $0 }
        #expect(a != nil && b != nil && pthread_equal(a!, b!) == 0)
    }

    @Test func aFullOffloadQueueIs503InTheGroupsShape() {
        var r = Router()
        r.offload = OffloadPool(width: 1, maxPending: 1)
        let gate = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let g = r.group("/t/{tenant}", errorShape: Shape(), shapePrefix: "/t/")
        g.get("/slow", options: .offLoop, sync: { _ in started.signal(); gate.wait(); return .json(200, "ok") })
        let answers = Mutex<[Int]>([])
        let all = DispatchGroup()
        func submit() {
            all.enter()
            r.handle(HTTPRequest(head: HTTPRequestHead(method: "GET", target: "/t/a/slow")), requestID: "t") { resp in
                answers.withLock { $0.append(resp.status) }
                all.leave()
            }
        }
        submit()
        started.wait()  // the first runs (held at the gate) ...
        submit()        // ... the second waits in the queue ...
        let third = send(r, "GET", "/t/a/slow")  // ... and the third finds the queue full.
        #expect(third.status == 503)
        #expect(text(third).contains("retry"))
        gate.signal(); gate.signal()
        all.wait()
        #expect(answers.withLock { $0 } == [200, 200])
    }
}
