import HTTP1

/// What the server calls for each complete request. `respond` must be called exactly once,
/// from any thread; a handler that answers at once (a read) calls it before returning and the
/// response is written without a thread hop.
public protocol HTTPHandler: Sendable {
    func handle(_ request: HTTPRequest, requestID: String, respond: @escaping @Sendable (HTTPResponse) -> Void)
}
