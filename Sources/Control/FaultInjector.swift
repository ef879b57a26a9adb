import Dispatch
import HTTP1
import JSON
import Routing

/// The router's interceptor that applies fault rules (and, with `--allow-fault-header`, a
/// request's own `x-polytask-fault` header) after a vendor route's middleware has run, so a
/// rule can match on the tenant the dialect resolved. Faults never touch `/_polytask/`.
struct FaultInjector: Sendable {
    let rules: FaultRules
    let allowHeader: Bool

    var interceptor: Router.Interceptor {
        let rules = self.rules, allowHeader = self.allowHeader
        return { ctx, respond, proceed in
            // Only vendor routes (their groups name a dialect): the control plane must stay
            // usable to remove the very rule that breaks everything else.
            guard ctx.trace.dialect != nil else { return proceed(respond) }
            var action: FaultRule.Action?
            if allowHeader, let h = ctx.headers["x-polytask-fault"] { action = FaultRule.header(h) }
            if action == nil, !rules.isEmpty {
                let t = ctx.trace
                action = rules.decide(method: ctx.method, path: ctx.path, dialect: t.dialect, route: t.route, tenant: t.tenant)
            }
            guard let action else { return proceed(respond) }
            Self.apply(action, ctx, respond, proceed)
        }
    }

    static func apply(_ action: FaultRule.Action, _ ctx: RequestContext, _ respond: @escaping Responder,
                      _ proceed: @escaping @Sendable (@escaping Responder) -> Void) {
        switch action {
        case .respond(let status, let body, let headers):
            var r: HTTPResponse
            if let body {
                if case .string(let text) = body {
                    r = HTTPResponse(status: status, body: Array(text.utf8))
                    r.headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
                } else {
                    r = .json(status, body.encoded)
                }
            } else {
                let shape = ctx.errorShape ?? DefaultErrorShape()
                r = shape.error(status: status, code: "injected_fault", message: "Injected fault: \(status) \(HTTPStatus.reason(status))")
            }
            for (n, v) in headers { r.headers.replaceOrAdd(name: n, value: v) }
            respond(r)
        case .latency(let ms):
            // Off the event loop: the connection waits, its loop does not.
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(ms)) { proceed(respond) }
        case .drop:
            var r = HTTPResponse(status: 500)
            r.delivery = .drop
            respond(r)
        case .truncate(let n):
            proceed { real in
                var r = real
                r.delivery = .truncate(n)
                respond(r)
            }
        }
    }
}
