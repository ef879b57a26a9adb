import HTTP1

/// Starlette's answer to a path that matches a route once its trailing slashes are removed
/// (`Router.Match.redirect`, `redirect_slashes`): `RedirectResponse(url)`, a 307 with an empty
/// body and `location` the request's own URL with that path. Starlette builds the URL from the
/// scope (`http://` + the Host header + the decoded path, then `?` and the query as sent) and
/// quotes it with `urllib.parse.quote(url, safe=":/%#?=@[]!$&'()*+,;")`.
enum SlashRedirect {
    static func response(to path: String, request: HTTPRequestHead) -> HTTPResponse {
        var url = ""
        // polytask's parser refuses an HTTP/1.1 request without Host; an HTTP/1.0 one without
        // it gets a relative location (uvicorn would name its own address, which the router
        // does not know).
        if let host = request.headers["host"] { url = "http://" + host }
        url += path
        let query = request.query
        if !query.isEmpty { url += "?" + query }
        var headers = HTTPHeaders()
        headers.add(name: "location", value: quote(url))
        return HTTPResponse(status: 307, headers: headers)
    }

    /// Python's `quote` with Starlette's safe set: every byte of the UTF-8 that is not a
    /// letter, a digit, one of `_.-~` or safe becomes `%XX` (upper-case hex).
    static func quote(_ s: String) -> String {
        let safe = Set(":/%#?=@[]!$&'()*+,;_.-~".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.append(c)
            default:
                if safe.contains(c) {
                    out.append(c)
                } else {
                    out.append(UInt8(ascii: "%")); out.append(hex[Int(c >> 4)]); out.append(hex[Int(c & 0xF)])
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
