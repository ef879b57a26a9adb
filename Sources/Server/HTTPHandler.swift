import HTTP1

/// What the server calls for each complete request. `respond` must be called exactly once,
/// from any thread; a handler that answers at once (a read) calls it before returning and the
/// response is written without a thread hop.
public protocol HTTPHandler: Sendable {
    func handle(_ request: HTTPRequest, requestID: String, respond: @escaping @Sendable (HTTPResponse) -> Void)

    /// The answer to a request the parser refused (413, 414, 431...), in the error shape of
    /// whoever owns `error.target`'s path; nil: the server's own `{"error","message"}`.
    /// Always sent with `Connection: close`.
    func refusal(for error: HTTPParseError) -> HTTPResponse?
}

extension HTTPHandler {
    /// No opinion: the server's own JSON error answer.
    public func refusal(for error: HTTPParseError) -> HTTPResponse? { nil }
}
