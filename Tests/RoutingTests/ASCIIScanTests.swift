import HTTP1
import Routing
import Testing

/// The byte-level scans of the request path must answer exactly as the `String` operations
/// they replace, on ASCII (the fast path) and on anything else (the fallback).
@Suite struct ASCIIScanTests {
    static let paths: [Substring] = [
        "", "/", "//", "/a", "/a/", "a/b", "/api/v3/organizations/quant/ai/tasks", "/x//y///z/",
        "/caf\u{E9}/x", "/cafe\u{301}/x", "/\u{1F600}/a", "/_polytask", "/_polytask/health", "/_polytask\u{301}/health",
    ]
    static let prefixes = ["/", "/api/v3/organizations", "/_polytask/", "/_polytask", "/a", "/cafe", "/caf\u{E9}", ""]

    @Test func splitMatchesStringSplit() {
        for p in Self.paths {
            #expect(ASCIIScan.split(p, UInt8(ascii: "/")) == p.split(separator: "/", omittingEmptySubsequences: true), "\(p)")
        }
        let q: Substring = "a=1&&b=2&c&"
        #expect(ASCIIScan.split(q, UInt8(ascii: "&")) == q.split(separator: "&", omittingEmptySubsequences: true))
    }

    @Test func hasPrefixMatchesStringHasPrefix() {
        for p in Self.paths {
            for prefix in Self.prefixes {
                #expect(ASCIIScan.hasPrefix(p, prefix) == p.hasPrefix(prefix), "\(p) / \(prefix)")
            }
        }
        // A combining mark after the prefix joins its last character: no prefix then.
        #expect(!ASCIIScan.hasPrefix("/_polytask\u{301}/health", "/_polytask"))
        // A substring that does not start at its base's start.
        let base = "xx/_polytask/health"
        #expect(ASCIIScan.hasPrefix(base.dropFirst(2), "/_polytask/"))
    }

    @Test func pathAndQueryOfTheTarget() {
        let h = HTTPRequestHead(method: "GET", target: "/a/b?status=pending&limit=50")
        #expect(h.path == "/a/b")
        #expect(h.query == "status=pending&limit=50")
        let n = HTTPRequestHead(method: "GET", target: "/a/b")
        #expect(n.path == "/a/b")
        #expect(n.query == "")
        let e = HTTPRequestHead(method: "GET", target: "/a?")
        #expect(e.path == "/a")
        #expect(e.query == "")
    }

    @Test func queryParsingOnBytesAndCharacters() {
        let q = Query(parsing: "status=pending&limit=50&&x&y=a%20b+c&z=")
        #expect(q["status"] == "pending")
        #expect(q["limit"] == "50")
        #expect(q["x"] == "")
        #expect(q["y"] == "a b c")
        #expect(q["z"] == "")
        let u = Query(parsing: "name=caf\u{E9}&k=v")
        #expect(u["name"] == "caf\u{E9}")
        #expect(u["k"] == "v")
    }

    @Test func headerNamesCompareIgnoringCase() {
        #expect(HTTPHeaders.equalsIgnoringCase("Authorization", "authorization"))
        #expect(HTTPHeaders.equalsIgnoringCase("X-Request-ID"[...], "x-request-id"))
        #expect(!HTTPHeaders.equalsIgnoringCase("Authorization", "Authorisation"))
        #expect(!HTTPHeaders.equalsIgnoringCase("a", "ab"))
        #expect(!HTTPHeaders.equalsIgnoringCase("[", "{"))   // only letters fold
        var h = HTTPHeaders()
        h.add(name: "AUTHORIZATION", value: "Bearer t")
        #expect(h["authorization"] == "Bearer t")
    }
}
