import FastAPI
import HTTP1
import JSON
import Routing

/// What a Chamelio handler gets: the request, the authenticated caller, and the route's
/// validated path, query and body.
struct ChamelioRequest<Input: Sendable>: Sendable {
    var ctx: RequestContext
    var caller: ChamelioCaller
    var input: Input
    var respond: Responder

    /// The store tenant.
    var organization: String { caller.organization }
}

/// The order of the checks every Chamelio route makes, in one place: the order a FastAPI app
/// whose endpoints depend on an `X-API-Key` dependency runs them (FastAPI 0.136, Starlette 1.0,
/// pydantic 2.13).
///
/// Before any of this, Starlette's router (`PathMatching.starlette`): an unknown path under
/// `/tasks`, `/workflows` or `/files` is 404 `{"detail":"Not Found"}`, a known path with
/// another method (HEAD included) 405 `{"detail":"Method Not Allowed"}` (`StarletteErrorShape`),
/// whatever the key.
///
/// Group middleware, for every route:
/// 1. the body of routes that declare one, decoded first: malformed JSON is 422 `json_invalid`
///    (`FastAPIBodyParsing`; FastAPI reads the body before it solves any dependency, so this is
///    the one 422 that comes before a 401),
/// 2. the `X-API-Key` dependency: the five exact 401s (`ChamelioAuth`); dependencies are solved
///    before the endpoint's own parameters are validated.
///
/// Then per route (`ChamelioRoute.add`):
/// 3. path, query and body validation, every issue in one 422 in that order (a non-integer
///    `task_id` is `int_parsing` at `["path","task_id"]`),
/// 4. the endpoint: 404 for a task that does not exist or is another organisation's, then the
///    endpoint's own 4xx (409 cancel, 400 variables, ...).
struct ChamelioRoute: Sendable {
    let group: RouteGroup<ChamelioContext>

    init(_ dialect: ChamelioDialect, router: inout Router, prefix: String) {
        // Starlette's routing: the path is percent-decoded before matching (`%2F` splits a
        // segment), a GET route answers no HEAD, and a 405 names the first route's method.
        group = router.group(prefix, dialect: dialect.name, errorShape: StarletteErrorShape(), matching: .starlette)
            .add(FastAPIBodyParsing())
            .add(ChamelioAuth(store: dialect.store, auth: dialect.config.auth))
    }

    /// Adds `method <prefix><path>`. `validate` checks path, query and body (step 3);
    /// `body`: the route declares a body (FastAPI reads only those).
    func add<Input: Sendable>(_ method: String, _ path: String, body: Bool = false,
                              validate: @escaping @Sendable (ChamelioContext) -> Validation<Input>,
                              _ handler: @escaping @Sendable (ChamelioRequest<Input>) -> Void) {
        group.on(method, path, options: body ? .body : []) { ctx, respond in
            switch validate(ctx) {
            case .failure(let issues): respond(FastAPIErrors.validation(issues))
            case .success(let input): handler(ChamelioRequest(ctx: ctx.request, caller: ctx.caller, input: input, respond: respond))
            }
        }
    }
}

/// Validation pieces the routes share.
enum ChamelioParameters {
    /// `task_id: int` in the path. An integer too large for the store cannot name a task: it
    /// validates (pydantic has big integers) and is then not found.
    static func taskID(_ ctx: ChamelioContext) -> Outcome<Int64?, ValidationIssue> {
        switch PydanticLax.pathInt(ctx.request.parameters.require("task_id"), name: "task_id") {
        case .failure(let i): return .failure(i)
        case .success(.value(let v)): return .success(v)
        case .success(.huge): return .success(nil)
        }
    }

    /// `task_id` where a model checks more than the path: a failure joins `issues` (FastAPI
    /// answers every problem of a request at once).
    static func taskID(_ ctx: ChamelioContext, issues: inout [ValidationIssue]) -> Int64? {
        switch taskID(ctx) {
        case .failure(let i): issues.append(i); return nil
        case .success(let id): return id
        }
    }

    /// Routes whose only parameter is `task_id`.
    static func taskOnly(_ ctx: ChamelioContext) -> Validation<Int64?> {
        switch taskID(ctx) {
        case .failure(let i): return .failure([i])
        case .success(let id): return .success(id)
        }
    }
}
