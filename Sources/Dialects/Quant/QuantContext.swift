import Routing

/// What every Quant handler gets: the routed request and the organisation it is for, after
/// `QuantAuthMiddleware` has accepted the bearer credential for that organisation.
struct QuantContext: Sendable {
    let request: RequestContext
    /// The `{organisation}` of the path: the store tenant.
    let organisation: String

    var parameters: Parameters { request.parameters }
    var query: Query { request.query }
    var body: [UInt8] { request.body }
}
