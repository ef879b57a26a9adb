/// How a route is run.
public struct RouteOptions: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The handler's cost grows with the data (a dependency graph, a transitive walk, an
    /// unbounded list): run it, and its group's chain, on the offload pool instead of the
    /// event loop, so the other connections of that loop are never stalled behind it.
    public static let offLoop = RouteOptions(rawValue: 1 << 0)

    /// The route declares a request body. Stacks that parse a body only for routes with a
    /// body parameter (FastAPI) read this in their body middleware; a body sent to a route
    /// without one is ignored there, as the vendor's server ignores it.
    public static let body = RouteOptions(rawValue: 1 << 1)
}
