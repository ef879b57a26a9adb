/// How the router matches the paths of one route group. polytask's own rules are the default;
/// a dialect whose vendor runs a stack that matches differently asks for that stack's rules
/// on its paths (`Router.group(_:matching:)`), since a client sees the difference.
public struct PathMatching: Sendable, Equatable {
    /// Percent-decode the whole path (Python's `urllib.parse.unquote`: a malformed escape
    /// stays as it is, bytes that are not UTF-8 become U+FFFD) before splitting it into
    /// segments, as uvicorn does before Starlette sees the path: `%2F` then separates
    /// segments. Otherwise each segment is decoded after splitting (`%2F` stays inside a
    /// capture) and a malformed escape is a 404.
    public var decodesPathBeforeMatching: Bool
    /// HEAD is served by the path's GET route when it has no HEAD route (RFC 9110 §9.3.2).
    /// FastAPI's `APIRoute` registers only the methods it is given, so there HEAD is a 405.
    public var headFollowsGet: Bool
    /// A 405's `Allow` names only the methods of the route registered first for the path:
    /// Starlette answers a 405 from the first route whose path matches, and each FastAPI
    /// route has one method. Otherwise `Allow` lists every method of the path.
    public var allowsFirstRouteOnly: Bool

    /// Starlette's route patterns match one non-empty segment per capture and nothing between
    /// two slashes, and its router has `redirect_slashes`: a path with an empty segment
    /// (`//tasks/1`) matches no route (404), except one whose only empty segments are
    /// trailing (`/tasks/1/`) when the path without them matches a route, for any method: that
    /// is a 307 to it (`Router.Match.redirect`). Otherwise empty segments are dropped
    /// (`//tasks///1/` is `/tasks/1`).
    public var redirectsSlashes: Bool

    public init(decodesPathBeforeMatching: Bool = false, headFollowsGet: Bool = true, allowsFirstRouteOnly: Bool = false,
                redirectsSlashes: Bool = false) {
        self.decodesPathBeforeMatching = decodesPathBeforeMatching
        self.headFollowsGet = headFollowsGet
        self.allowsFirstRouteOnly = allowsFirstRouteOnly
        self.redirectsSlashes = redirectsSlashes
    }

    /// polytask's own rules.
    public static let `default` = PathMatching()

    /// Starlette 1.0 under uvicorn with FastAPI's `APIRoute`s.
    public static let starlette = PathMatching(decodesPathBeforeMatching: true, headFollowsGet: false, allowsFirstRouteOnly: true,
                                               redirectsSlashes: true)
}
