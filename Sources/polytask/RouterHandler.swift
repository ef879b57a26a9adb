import HTTP1
import Routing
import Server

/// Glue: the server calls this for each request and the router dispatches it. Keeps `Server`
/// free of routing and `Routing` free of sockets.
struct RouterHandler: HTTPHandler {
    let router: Router

    func handle(_ request: HTTPRequest, requestID: String, respond: @escaping @Sendable (HTTPResponse) -> Void) {
        router.handle(request, requestID: requestID, respond: respond)
    }
}
