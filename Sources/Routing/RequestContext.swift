import HTTP1

/// What a route handler gets: the request, its decoded path captures and query, and the
/// request id the server assigned (the client's `x-request-id` or a fresh one).
public struct RequestContext: Sendable {
    public let request: HTTPRequest
    public internal(set) var parameters: Parameters
    public let query: Query
    public let requestID: String
    /// The matched route's options (empty until the router has matched the route).
    public internal(set) var options: RouteOptions = []
    /// Filled in as the request goes through the pipeline (dialect, route, tenant).
    public let trace: RequestTrace
    /// Runs between the group's chain and the handler (fault rules): set by the router.
    var interceptor: Router.Interceptor?
    /// The error shape of the path, for an interceptor that answers in the vendor's shape
    /// (set only when there is an interceptor).
    public internal(set) var errorShape: (any ErrorShape)?

    public init(request: HTTPRequest, parameters: Parameters = Parameters(), requestID: String = "",
                trace: RequestTrace = RequestTrace()) {
        self.request = request
        self.parameters = parameters
        self.query = Query(parsing: request.head.query)
        self.requestID = requestID
        self.trace = trace
    }

    public var method: String { request.head.method }
    public var headers: HTTPHeaders { request.head.headers }
    public var body: [UInt8] { request.body }
    /// The raw (still percent-encoded) path.
    public var path: Substring { request.head.path }
}

/// Called exactly once with the response. May be called from any queue.
public typealias Responder = @Sendable (HTTPResponse) -> Void
